package io.callproof.bench;

import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load generator's arguments. Every default keeps a full run under three minutes on a 2-core
 * machine; every figure is bounded, so that a run always stops by itself.
 *
 * @param mode which phases to run
 * @param line which lines the calls come over: Twilio webhooks, FastAGI conversations, or both
 * @param adminDbUrl a loopback PostgreSQL server's admin database, where the run creates and later
 *     drops its own database
 * @param seconds measured seconds of each phase, after its warm-up
 * @param warmupSeconds seconds each call phase runs before it starts measuring, at least
 * @param settleMaxSeconds the longest a capacity phase's warm-up goes on while the JIT compilers
 *     are still busy; no longer than {@code warmupSeconds} makes the warm-up fixed
 * @param callers simultaneous callers in capacity mode, who answer every prompt at once
 * @param inFlight simultaneous callers in in-flight mode, who pause at every prompt
 * @param pauseMinMillis shortest pause of an in-flight caller, in milliseconds
 * @param pauseMaxMillis longest pause of an in-flight caller, in milliseconds
 * @param maxCalls calls a phase may start at most, warm-up included
 * @param contacts contacts in the generated tenant, each with a mobile of its own
 * @param servicePoolSize the service's PostgreSQL pool size, and the database baseline's
 *     connections, so that both use the same number of connections
 * @param maxWebhooks the most webhooks the generator has waiting for an answer at once (its
 *     connections per endpoint); see docs/benchmark.md for why it stays below the pool size
 * @param dbBaseline how to measure the database's own single-row insert rate
 * @param out the folder that receives each run's JSON and Markdown reports
 * @param latest where the latest Markdown summary is copied, for review
 * @param serviceLogLevel the level of the service's own log lines during the run
 */
record BenchOptions(
    Mode mode,
    Line line,
    String adminDbUrl,
    int seconds,
    int warmupSeconds,
    int settleMaxSeconds,
    int callers,
    int inFlight,
    int pauseMinMillis,
    int pauseMaxMillis,
    int maxCalls,
    int contacts,
    int servicePoolSize,
    int maxWebhooks,
    DbBaseline dbBaseline,
    Path out,
    Path latest,
    String serviceLogLevel) {

  static final String DB_URL_VARIABLE = "CALLPROOF_BENCH_DB_URL";
  static final String DEFAULT_DB_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

  /** Which phases run. */
  enum Mode {
    CAPACITY,
    IN_FLIGHT,
    BOTH;

    boolean capacity() {
      return this != IN_FLIGHT;
    }

    boolean inFlight() {
      return this != CAPACITY;
    }
  }

  /** Which lines the calls come over. */
  enum Line {
    TWILIO,
    FASTAGI,
    BOTH;

    boolean twilio() {
      return this != FASTAGI;
    }

    boolean fastagi() {
      return this != TWILIO;
    }
  }

  /** How the database's insert rate is measured; {@code AUTO} takes pgbench when installed. */
  enum DbBaseline {
    AUTO,
    PGBENCH,
    VERTX
  }

  /** Arguments that cannot run, each named with what is expected. */
  static final class Invalid extends RuntimeException {
    Invalid(List<String> problems) {
      super(String.join("\n", problems));
    }
  }

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -cp target/callproof.jar io.callproof.bench.LoadGenerator [options]",
          "  --mode both|capacity|in-flight   phases to run (both)",
          "  --line both|twilio|fastagi       lines the calls come over (both)",
          "  --db-url URL          loopback PostgreSQL admin URL (" + DB_URL_VARIABLE + ", else",
          "                        " + DEFAULT_DB_URL + ")",
          "  --seconds N           measured seconds per phase (20)",
          "  --warmup N            shortest warm-up of a call phase, in seconds (20)",
          "  --settle-max N        longest warm-up of a capacity phase while the JIT still",
          "                        compiles, in seconds (120)",
          "  --callers N           simultaneous callers in capacity mode (100)",
          "  --in-flight N         simultaneous callers in in-flight mode (200)",
          "  --pause-min MS        shortest pause at a prompt, in-flight mode (2000)",
          "  --pause-max MS        longest pause at a prompt, in-flight mode (5000)",
          "  --calls N             most calls a phase starts (3000000)",
          "  --contacts N          contacts in the generated tenant (40000)",
          "  --pool-size N         service pool size and database baseline connections (8)",
          "  --max-webhooks N      webhooks awaiting an answer at once, per endpoint (0: one",
          "                        per caller)",
          "  --db-baseline auto|pgbench|vertx   database insert-rate measure (auto)",
          "  --out DIR             folder for the JSON and Markdown reports (bench/results)",
          "  --latest FILE         copy of the latest Markdown summary (bench/latest.md)",
          "  --service-log LEVEL   the service's log level during the run (warn)");

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");

  /** Whether the arguments ask for the usage text. */
  static boolean wantsHelp(String[] args) {
    return args.length > 0 && Set.of("--help", "-h", "help").contains(args[0]);
  }

  /**
   * Reads {@code --name value} and {@code --name=value} arguments.
   *
   * @throws Invalid naming every bad or unknown argument
   */
  static BenchOptions parse(String[] args, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<String, String> given = pairs(args, problems);
    Reader r = new Reader(given, problems);
    int poolSize = r.integer("pool-size", 8, 1, 200);
    String dbUrl = given.getOrDefault("db-url", env.getOrDefault(DB_URL_VARIABLE, DEFAULT_DB_URL));
    BenchOptions options =
        new BenchOptions(
            r.mode(),
            r.line(),
            loopbackUrl(dbUrl, problems),
            r.integer("seconds", 20, 1, 600),
            r.integer("warmup", 20, 0, 600),
            r.integer("settle-max", 120, 0, 600),
            r.integer("callers", 100, 1, 1000),
            r.integer("in-flight", 200, 1, 2000),
            r.integer("pause-min", 2000, 0, 60_000),
            r.integer("pause-max", 5000, 0, 60_000),
            r.integer("calls", 3_000_000, 1, 10_000_000),
            r.integer("contacts", 40_000, 10, 100_000),
            poolSize,
            r.integer("max-webhooks", 0, 0, 2000),
            r.dbBaseline(),
            Path.of(given.getOrDefault("out", "bench/results")),
            Path.of(given.getOrDefault("latest", "bench/latest.md")),
            r.logLevel());
    options.checkTogether(problems);
    if (!problems.isEmpty()) {
      throw new Invalid(problems);
    }
    return options;
  }

  /** Connections the generator opens per endpoint: the cap, or one per caller without one. */
  int connectionsPerEndpoint() {
    return maxWebhooks > 0 ? maxWebhooks : Math.max(callers, inFlight);
  }

  private void checkTogether(List<String> problems) {
    if (pauseMinMillis > pauseMaxMillis) {
      problems.add("--pause-min=" + pauseMinMillis + ": must not exceed --pause-max");
    }
    int busiest = Math.max(mode.capacity() ? callers : 0, mode.inFlight() ? inFlight : 0);
    if (busiest * 2 > contacts) {
      problems.add(
          "--contacts="
              + contacts
              + ": give at least twice the simultaneous callers ("
              + busiest * 2
              + "), so that no two calls from one mobile overlap");
    }
  }

  private static Map<String, String> pairs(String[] args, List<String> problems) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        problems.add(arg + ": expected an option such as --seconds 20 (see --help)");
        continue;
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        given.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (i + 1 < args.length) {
        given.put(arg.substring(2), args[++i]);
      } else {
        problems.add(arg + ": expected a value after it");
      }
    }
    return given;
  }

  private static String loopbackUrl(String url, List<String> problems) {
    try {
      String host = PgConnectOptions.fromUri(url).getHost();
      if (!LOOPBACK.contains(host) && !host.startsWith("/")) {
        problems.add(
            "--db-url: host "
                + host
                + " is not loopback; the benchmark only talks to 127.0.0.1 (or ::1, a local"
                + " socket)");
      }
    } catch (RuntimeException e) {
      problems.add("--db-url: expected a postgresql://user@127.0.0.1:5432/postgres URL");
    }
    return url;
  }

  /** Reads and checks each option, collecting every problem. */
  private static final class Reader {
    private static final Set<String> KNOWN =
        Set.of(
            "mode",
            "line",
            "db-url",
            "seconds",
            "warmup",
            "settle-max",
            "callers",
            "in-flight",
            "pause-min",
            "pause-max",
            "calls",
            "contacts",
            "pool-size",
            "max-webhooks",
            "db-baseline",
            "out",
            "latest",
            "service-log");

    private final Map<String, String> given;
    private final List<String> problems;

    Reader(Map<String, String> given, List<String> problems) {
      this.given = given;
      this.problems = problems;
      given.keySet().stream()
          .filter(k -> !KNOWN.contains(k))
          .sorted()
          .forEach(k -> problems.add("--" + k + ": unknown option (see --help)"));
    }

    Mode mode() {
      String raw = given.getOrDefault("mode", "both");
      switch (raw) {
        case "both":
          return Mode.BOTH;
        case "capacity":
          return Mode.CAPACITY;
        case "in-flight":
          return Mode.IN_FLIGHT;
        default:
          problems.add("--mode=" + raw + ": expected both, capacity or in-flight");
          return Mode.BOTH;
      }
    }

    Line line() {
      String raw = given.getOrDefault("line", "both");
      switch (raw) {
        case "both":
          return Line.BOTH;
        case "twilio":
          return Line.TWILIO;
        case "fastagi":
          return Line.FASTAGI;
        default:
          problems.add("--line=" + raw + ": expected both, twilio or fastagi");
          return Line.BOTH;
      }
    }

    DbBaseline dbBaseline() {
      String raw = given.getOrDefault("db-baseline", "auto");
      switch (raw) {
        case "auto":
          return DbBaseline.AUTO;
        case "pgbench":
          return DbBaseline.PGBENCH;
        case "vertx":
          return DbBaseline.VERTX;
        default:
          problems.add("--db-baseline=" + raw + ": expected auto, pgbench or vertx");
          return DbBaseline.AUTO;
      }
    }

    String logLevel() {
      String raw = given.getOrDefault("service-log", "warn");
      if (!Set.of("error", "warn", "info", "debug").contains(raw)) {
        problems.add("--service-log=" + raw + ": expected error, warn, info or debug");
        return "warn";
      }
      return raw;
    }

    int integer(String name, int fallback, int min, int max) {
      String raw = given.get(name);
      if (raw == null) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(raw.trim());
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below, like an out-of-range value
      }
      problems.add(
          "--" + name + "=" + raw + ": expected a whole number from " + min + " to " + max);
      return fallback;
    }
  }
}
