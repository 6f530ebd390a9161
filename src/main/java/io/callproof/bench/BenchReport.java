package io.callproof.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's figures, as JSON for tools and as a short Markdown summary for people. Callproof's rates
 * are quoted as ratios of baselines measured in the same run, because the machine is shared and its
 * absolute speed varies from run to run.
 */
final class BenchReport {

  /**
   * The heap weighed once while calls were in flight.
   *
   * @param inFlight calls started and not ended while the heap was weighed
   * @param liveBytes heap in use after a full collection, in bytes
   */
  record HeapSample(int inFlight, long liveBytes) {}

  /**
   * The figures of one line (Twilio webhooks, or FastAGI conversations): its baseline and Callproof
   * under the capacity load, then Callproof carrying calls in flight.
   */
  static final class Line {
    private final String name;
    private final String turns;
    private final String baseline;
    private Phase.Outcome bare;
    private Phase.Outcome capacity;
    private long auditEvents;
    private Phase.Outcome inFlight;
    private long idleHeap;
    private List<HeapSample> heapSamples = List.of();

    /**
     * @param name the line as the report names it
     * @param turns what one exchange with the service is called, in the plural
     * @param baseline what the bare baseline is
     */
    private Line(String name, String turns, String baseline) {
      this.name = name;
      this.turns = turns;
      this.baseline = baseline;
    }

    void bare(Phase.Outcome outcome) {
      this.bare = outcome;
    }

    /**
     * @param auditEvents audit events the service stamped within the phase's window
     */
    void capacity(Phase.Outcome outcome, long auditEvents) {
      this.capacity = outcome;
      this.auditEvents = auditEvents;
    }

    /**
     * @param idleHeap heap in use after a full collection with no call in flight, in bytes
     */
    void inFlight(Phase.Outcome outcome, long idleHeap, List<HeapSample> samples) {
      this.inFlight = outcome;
      this.idleHeap = idleHeap;
      this.heapSamples = List.copyOf(samples);
    }

    private List<Phase.Outcome> phases() {
      List<Phase.Outcome> all = new ArrayList<>(optional(bare));
      all.addAll(optional(capacity));
      all.addAll(optional(inFlight));
      return all;
    }

    private double auditRate() {
      return auditEvents / capacity.stats().windowSeconds();
    }

    private long perCall(HeapSample s) {
      return s.inFlight() == 0 ? 0 : (s.liveBytes() - idleHeap) / s.inFlight();
    }

    /** The median of the samples' heap per call, in bytes; 0 without samples. */
    private long heapPerCall() {
      List<Long> perCall = heapSamples.stream().map(this::perCall).sorted().toList();
      return perCall.isEmpty() ? 0 : perCall.get(perCall.size() / 2);
    }
  }

  private final BenchOptions options;
  private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private InsertBaseline.Result dbBaseline;
  private final Line twilio = new Line("Twilio", "Webhooks", "bare Vert.x endpoint");
  private final Line agi = new Line("FastAGI", "AGI turns", "bare FastAGI server");
  private long unexpectedTexts;

  BenchReport(BenchOptions options) {
    this.options = options;
  }

  void dbBaseline(InsertBaseline.Result result) {
    this.dbBaseline = result;
  }

  /** The figures of calls played as Twilio webhooks. */
  Line twilio() {
    return twilio;
  }

  /** The figures of calls played as FastAGI conversations. */
  Line agi() {
    return agi;
  }

  void unexpectedTexts(long count) {
    this.unexpectedTexts = count;
  }

  /** Failed calls in every phase, baselines included. */
  long failures() {
    return phases().stream().mapToLong(o -> o.stats().failureCount()).sum();
  }

  private static List<Phase.Outcome> optional(Phase.Outcome outcome) {
    return outcome == null ? List.of() : List.of(outcome);
  }

  /**
   * Writes {@code callproof-bench-TIME.json} and {@code .md} to the output folder, and the copy.
   */
  List<Path> write() throws IOException {
    Files.createDirectories(options.out());
    String stem = "callproof-bench-" + started.toString().replace(":", "");
    Path json = options.out().resolve(stem + ".json");
    Path markdown = options.out().resolve(stem + ".md");
    Files.writeString(json, toJson().encodePrettily() + "\n");
    Files.writeString(markdown, markdown());
    Path parent = options.latest().toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(options.latest(), markdown());
    return List.of(json, markdown, options.latest());
  }

  // JSON

  JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("started", started.toString())
            .put("machine", machine())
            .put("options", optionsJson());
    if (dbBaseline != null) {
      json.put("database_baseline", dbBaseline.toJson());
    }
    lineJson(twilio, json);
    if (agi.capacity != null || agi.inFlight != null) {
      json.put("fastagi", lineJson(agi, new JsonObject()));
    }
    return json.put("unexpected_texts", unexpectedTexts);
  }

  private static JsonObject machine() {
    return new JsonObject()
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.vm.name") + " " + Runtime.version())
        .put("max_heap_bytes", Runtime.getRuntime().maxMemory())
        .put("gc", gcNames());
  }

  private static String gcNames() {
    return String.join(
        ", ",
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
  }

  private JsonObject optionsJson() {
    return new JsonObject()
        .put("mode", options.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .put("line", options.line().name().toLowerCase(Locale.ROOT))
        .put("seconds", options.seconds())
        .put("warmup_seconds", options.warmupSeconds())
        .put("settle_max_seconds", options.settleMaxSeconds())
        .put("callers", options.callers())
        .put("in_flight", options.inFlight())
        .put(
            "pause_ms", new JsonArray().add(options.pauseMinMillis()).add(options.pauseMaxMillis()))
        .put("max_calls_per_phase", options.maxCalls())
        .put("contacts", options.contacts())
        .put("service_pool_size", options.servicePoolSize())
        .put("connections_per_endpoint", options.connectionsPerEndpoint())
        .put("service_log", options.serviceLogLevel());
  }

  private JsonObject lineJson(Line line, JsonObject json) {
    if (line.capacity != null) {
      json.put("capacity", capacityJson(line));
    }
    if (line.inFlight != null) {
      json.put("in_flight", inFlightJson(line));
    }
    return json;
  }

  private JsonObject capacityJson(Line line) {
    JsonObject json = new JsonObject().put("callproof", phaseJson(line.capacity));
    json.put("audit_events", line.auditEvents)
        .put("audit_events_per_second", round(line.auditRate()));
    if (line.bare != null) {
      json.put("bare_endpoint", phaseJson(line.bare));
      json.put("webhook_rate_ratio", ratio(webhookRate(line.capacity), webhookRate(line.bare)));
    }
    if (dbBaseline != null) {
      json.put("audit_rate_ratio", ratio(line.auditRate(), dbBaseline.insertsPerSecond()));
    }
    return json;
  }

  private JsonObject inFlightJson(Line line) {
    JsonArray samples = new JsonArray();
    line.heapSamples.forEach(
        s ->
            samples.add(
                new JsonObject()
                    .put("in_flight", s.inFlight())
                    .put("live_heap_bytes", s.liveBytes())
                    .put("bytes_per_call", line.perCall(s))));
    return phaseJson(line.inFlight)
        .put("target_in_flight", options.inFlight())
        .put("mean_in_flight", round(mean(line.inFlight.inFlightSamples())))
        .put("idle_heap_bytes", line.idleHeap)
        .put("heap_samples", samples)
        .put("heap_bytes_per_call", line.heapPerCall());
  }

  private static JsonObject phaseJson(Phase.Outcome o) {
    PhaseStats s = o.stats();
    JsonObject failures = new JsonObject();
    s.failures().forEach(failures::put);
    return new JsonObject()
        .put("name", o.spec().name())
        .put("callers", o.spec().callers())
        .put("window_seconds", round(s.windowSeconds()))
        .put("warmup_seconds", round(o.warmedMillis() / 1000.0))
        .put("jit_settled", o.jitSettled())
        .put("calls_started", s.callsStarted())
        .put("calls_completed", s.callsCompleted())
        .put("calls_completed_per_second", round(callRate(o)))
        .put("webhooks_per_second", round(webhookRate(o)))
        .put("webhook_latency", s.webhookLatency().toJson())
        .put("connection_wait", s.connectionWait().toJson())
        .put("text_delay", s.textDelay().toJson())
        .put("most_in_flight", s.mostInFlight())
        .put("failed_calls", s.failureCount())
        .put("failures", failures)
        .put("budget_spent", o.budgetSpent())
        .put(
            "cpu_seconds",
            new JsonObject()
                .put("jvm", round(o.cpu().process()))
                .put("generator_thread", round(o.cpu().generator()))
                .put("jit", round(o.cpu().compiler()))
                .put("machine", round(o.cpu().machine())));
  }

  // Markdown

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Callproof benchmark\n\n")
        .append("Run of ")
        .append(started)
        .append(" on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(Runtime.version().feature())
        .append(", max heap ")
        .append(mb(Runtime.getRuntime().maxMemory()))
        .append(". Mode ")
        .append(optionsJson().getString("mode"))
        .append(", line ")
        .append(optionsJson().getString("line"))
        .append(", ")
        .append(options.seconds())
        .append(" s measured per phase. The machine is shared and noisy: read the ratios,")
        .append(" which compare figures of the same run, rather than the absolute rates.\n\n");
    headline(md);
    latencies(md);
    cpu(md);
    heap(md);
    failures(md);
    return md.toString();
  }

  private void headline(StringBuilder md) {
    md.append("| Figure | Callproof | Baseline, same run | Ratio |\n")
        .append("|---|---:|---:|---:|\n");
    headline(md, twilio);
    headline(md, agi);
    row(md, "Failed calls, all phases", Long.toString(failures()), "", "");
    md.append('\n');
  }

  private void headline(StringBuilder md, Line line) {
    String on = line == twilio ? "" : line.name + ": ";
    Phase.Outcome bare = line.bare;
    Phase.Outcome capacity = line.capacity;
    if (capacity != null) {
      row(
          md,
          on + line.turns + " per second, " + options.callers() + " callers answering at once",
          n(webhookRate(capacity)),
          bare == null ? "" : n(webhookRate(bare)) + " (" + line.baseline + ")",
          bare == null ? "" : r(ratio(webhookRate(capacity), webhookRate(bare))));
      row(
          md,
          on + "Calls completed per second, same load",
          n(callRate(capacity)),
          bare == null ? "" : n(callRate(bare)) + " (bare)",
          bare == null ? "" : r(ratio(callRate(capacity), callRate(bare))));
      String db =
          dbBaseline == null
              ? ""
              : n(dbBaseline.insertsPerSecond())
                  + " single-row"
                  + " inserts ("
                  + dbBaseline.tool()
                  + ", "
                  + dbBaseline.connections()
                  + " connections)";
      row(
          md,
          on + "Audit events written per second",
          n(line.auditRate()),
          db,
          dbBaseline == null ? "" : r(ratio(line.auditRate(), dbBaseline.insertsPerSecond())));
    }
    Phase.Outcome inFlight = line.inFlight;
    if (inFlight != null) {
      row(
          md,
          on + "Calls in flight at once (target " + options.inFlight() + ")",
          n(mean(inFlight.inFlightSamples()))
              + " mean, "
              + inFlight.stats().mostInFlight()
              + " most",
          "",
          "");
      row(
          md,
          on
              + "Calls completed per second, callers pausing "
              + options.pauseMinMillis() / 1000.0
              + " to "
              + options.pauseMaxMillis() / 1000.0
              + " s",
          n(callRate(inFlight)),
          "",
          "");
      row(md, on + "Heap per call in flight", kb(line.heapPerCall()), "", "");
    }
  }

  private void latencies(StringBuilder md) {
    md.append("Webhook latency in milliseconds, per request sent in the window, from the moment")
        .append(" it had a connection (the generator keeps at most ")
        .append(options.connectionsPerEndpoint())
        .append(" per endpoint) to its whole answer; the wait for a connection is apart. Text")
        .append(" delay runs from the answer that sent a code to the text reaching the caller.")
        .append(" For FastAGI, a turn runs from the line that gave the caller's input (the")
        .append(" channel's variables, or the digits) to the server's next command, and the wait")
        .append(" is the TCP connect.\n\n")
        .append("| Phase | Webhooks | p50 | p90 | p99 | max | Wait p50 | Wait p99 | Text p50 |")
        .append(" Text p99 |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Phase.Outcome o : phases()) {
      Latencies.Summary w = o.stats().webhookLatency();
      Latencies.Summary q = o.stats().connectionWait();
      Latencies.Summary t = o.stats().textDelay();
      md.append("| ")
          .append(o.spec().name())
          .append(" | ")
          .append(w.count())
          .append(" | ")
          .append(w.p50())
          .append(" | ")
          .append(w.p90())
          .append(" | ")
          .append(w.p99())
          .append(" | ")
          .append(w.max())
          .append(" | ")
          .append(q.p50())
          .append(" | ")
          .append(q.p99())
          .append(" | ")
          .append(t.count() == 0 ? "" : Double.toString(t.p50()))
          .append(" | ")
          .append(t.count() == 0 ? "" : Double.toString(t.p99()))
          .append(" |\n");
    }
    md.append('\n');
  }

  private void cpu(StringBuilder md) {
    md.append("CPU seconds used in each window (the machine offers cores x window seconds);")
        .append(" the rest is PostgreSQL and anything else running. A capacity phase warms up")
        .append(" until the JIT compilers have settled (under ")
        .append(Math.round(Phase.SETTLED_SHARE * 100))
        .append("% of the time over ")
        .append(Phase.SETTLE_SPAN_SECONDS)
        .append(" s), from --warmup to --settle-max seconds.\n\n")
        .append("| Phase | Warm-up (s) | Offered | JVM | of which generator | of which JIT")
        .append(" | Machine | Rest |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Phase.Outcome o : phases()) {
      CpuMeter.Used c = o.cpu();
      double offered = Runtime.getRuntime().availableProcessors() * o.stats().windowSeconds();
      md.append("| ")
          .append(o.spec().name())
          .append(" | ")
          .append(Math.round(o.warmedMillis() / 1000.0))
          .append(o.jitSettled() || o.warmedMillis() == 0 ? "" : " (JIT busy)")
          .append(" | ")
          .append(n(offered))
          .append(" | ")
          .append(round(c.process()))
          .append(" | ")
          .append(round(c.generator()))
          .append(" | ")
          .append(round(c.compiler()))
          .append(" | ")
          .append(c.machine() < 0 ? "?" : Double.toString(round(c.machine())))
          .append(" | ")
          .append(c.machine() < 0 ? "?" : Double.toString(round(c.machine() - c.process())))
          .append(" |\n");
    }
    md.append('\n');
  }

  private void heap(StringBuilder md) {
    for (Line line : List.of(twilio, agi)) {
      if (line.inFlight == null) {
        continue;
      }
      md.append(line.name)
          .append(" heap after a full collection: ")
          .append(mb(line.idleHeap))
          .append(" idle");
      for (HeapSample s : line.heapSamples) {
        md.append("; ")
            .append(mb(s.liveBytes()))
            .append(" with ")
            .append(s.inFlight())
            .append(" calls in flight (")
            .append(kb(line.perCall(s)))
            .append(" per call)");
      }
      md.append(". Heap per call is the median of these samples.\n\n");
    }
  }

  private void failures(StringBuilder md) {
    md.append("Failures by kind: ");
    List<String> kinds = new ArrayList<>();
    for (Phase.Outcome o : phases()) {
      for (Map.Entry<String, Long> e : o.stats().failures().entrySet()) {
        kinds.add(o.spec().name() + ": " + e.getKey() + " x" + e.getValue());
      }
    }
    md.append(kinds.isEmpty() ? "none" : String.join("; ", kinds));
    md.append(". Texts that reached no waiting caller: ").append(unexpectedTexts).append(".\n");
  }

  private List<Phase.Outcome> phases() {
    List<Phase.Outcome> all = new ArrayList<>(twilio.phases());
    all.addAll(agi.phases());
    return all;
  }

  // Figures

  private static double webhookRate(Phase.Outcome o) {
    return o.stats().webhooksInWindow() / o.stats().windowSeconds();
  }

  private static double callRate(Phase.Outcome o) {
    return o.stats().callsInWindow() / o.stats().windowSeconds();
  }

  private static double mean(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).average().orElse(0);
  }

  private static double ratio(double value, double baseline) {
    return baseline == 0 ? 0 : Math.round(value / baseline * 1000) / 1000.0;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static void row(StringBuilder md, String figure, String value, String base, String r) {
    md.append("| ")
        .append(figure)
        .append(" | ")
        .append(value)
        .append(" | ")
        .append(base)
        .append(" | ")
        .append(r)
        .append(" |\n");
  }

  private static String n(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String r(double ratio) {
    return String.format(Locale.ROOT, "%.3f", ratio);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%,.1f MB", bytes / 1e6);
  }

  private static String kb(long bytes) {
    return String.format(Locale.ROOT, "%,.1f KB", bytes / 1e3);
  }
}
