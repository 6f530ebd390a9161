package io.callproof.bench;

import io.callproof.app.Callproof;
import io.callproof.app.Settings;
import io.callproof.crypto.Key;
import io.callproof.directory.Directory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run, start to end: a fresh database, the database's own insert rate, Callproof
 * started in this JVM with a generated tenant and a local Messages API, the bare endpoint and
 * Callproof under the same capacity load, then Callproof carrying calls in flight while the heap is
 * weighed. Everything it starts, it stops, and the database is dropped, whatever fails.
 */
final class BenchRun {

  /** Settings the run gives the service itself; the environment cannot change them. */
  private static final Set<String> OWNED_SETTINGS =
      Set.of(
          "CALLPROOF_CONFIG",
          "CALLPROOF_MODE",
          "CALLPROOF_DB_URL",
          "CALLPROOF_DB_OWNER_URL",
          "CALLPROOF_DB_POOL_SIZE",
          "CALLPROOF_HTTP_HOST",
          "CALLPROOF_HTTP_PORT",
          "CALLPROOF_PUBLIC_URL",
          "CALLPROOF_DATA_DIR",
          "CALLPROOF_DEMO_DATA",
          "CALLPROOF_TWILIO_API_BASE",
          "CALLPROOF_TWILIO_ACCOUNT_SID",
          "CALLPROOF_TWILIO_AUTH_TOKEN",
          "CALLPROOF_TWILIO_FROM",
          "CALLPROOF_INSTALLATION_KEY",
          "CALLPROOF_CODE_KEY",
          "CALLPROOF_VAPID_PUBLIC_KEY",
          "CALLPROOF_VAPID_PRIVATE_KEY",
          "CALLPROOF_ASTERISK_PBXES",
          "CALLPROOF_AGI_HOST",
          "CALLPROOF_AGI_PORT",
          "CALLPROOF_AGI_THREADS");

  private static final Logger log = LoggerFactory.getLogger(BenchRun.class);
  private static final long TEXT_WAIT_MILLIS = 30_000;
  private static final long DRAIN_MILLIS = TEXT_WAIT_MILLIS + 5_000;
  private static final int HEAP_SAMPLES = 3;

  /** Time between heap weighings after an in-flight window, in milliseconds. */
  private static final long WEIGH_SPACING_MILLIS = 1_000;

  private final BenchOptions options;
  private final BenchReport report;
  private final Vertx serviceVertx = Vertx.vertx();
  private final Vertx generatorVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private BenchDatabase database;

  BenchRun(BenchOptions options) {
    this.options = options;
    this.report = new BenchReport(options);
  }

  /** Runs every phase the options ask for and returns the report. */
  BenchReport run() throws Exception {
    Path dataFolder = Files.createTempDirectory("callproof-bench");
    BenchDatabase db = await(BenchDatabase.create(serviceVertx, options.adminDbUrl()));
    database = db;
    log.info("created database {}", db.name());
    try {
      if (options.mode().capacity()) {
        report.dbBaseline(measureDatabase(db));
      }
      runService(db, dataFolder);
      return report;
    } finally {
      await(db.drop());
      log.info("dropped database {}", db.name());
      deleteFolder(dataFolder);
      await(generatorVertx.close());
      await(serviceVertx.close());
    }
  }

  private InsertBaseline.Result measureDatabase(BenchDatabase db) throws Exception {
    await(db.execute(InsertBaseline.TABLE));
    int connections = options.servicePoolSize();
    boolean pgbench =
        options.dbBaseline() == BenchOptions.DbBaseline.PGBENCH
            || options.dbBaseline() == BenchOptions.DbBaseline.AUTO
                && InsertBaseline.pgbenchInstalled();
    log.info(
        "database baseline: {} connections inserting for {} s with {}",
        connections,
        options.seconds(),
        pgbench ? "pgbench" : "vertx-pg-client");
    InsertBaseline.Result result =
        pgbench
            ? InsertBaseline.pgbench(db.url(), connections, options.seconds())
            : await(InsertBaseline.vertx(serviceVertx, db.url(), connections, options.seconds()));
    await(db.execute("drop table bench_insert"));
    return result;
  }

  private void runService(BenchDatabase db, Path dataFolder) throws Exception {
    BenchTenant tenant = BenchTenant.generate(options.contacts());
    MessagesApi texts =
        await(
            MessagesApi.start(
                generatorVertx, tenant.accountSid(), tenant.authToken(), TEXT_WAIT_MILLIS));
    Settings settings = settings(db, texts, dataFolder);
    await(tenant.importInto(serviceVertx, db.url(), settings.installationKey().orElseThrow()));
    log.info("imported tenant {} with {} contacts", BenchTenant.ID, options.contacts());
    Callproof service = await(Callproof.start(serviceVertx, settings, Clock.systemUTC()));
    HttpClientAgent http =
        generatorVertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
            new PoolOptions()
                .setHttp1MaxSize(options.connectionsPerEndpoint())
                .setMaxWaitQueueSize(-1));
    NetClient agi =
        generatorVertx.createNetClient(
            new NetClientOptions().setConnectTimeout(5_000).setIdleTimeout(40));
    Mobiles mobiles =
        new Mobiles(tenant.mobiles(), (long) options.contacts() * settings.contactSendLimit());
    try {
      if (options.line().twilio()) {
        Target callproof =
            new Target(
                new WebhookClient(http, "http://127.0.0.1:" + service.port(), tenant.authToken()),
                texts,
                tenant.accountSid());
        if (options.mode().capacity()) {
          capacity(http, tenant, callproof, mobiles, db);
        }
        if (options.mode().inFlight()) {
          inFlight(report.twilio(), pauses -> player(callproof, pauses), mobiles);
        }
      }
      if (options.line().fastagi()) {
        int port = service.asterisk().orElseThrow().agiPort();
        if (options.mode().capacity()) {
          agiCapacity(agi, port, texts, mobiles, db);
        }
        if (options.mode().inFlight()) {
          inFlight(report.agi(), pauses -> agiPlayer(agi, port, texts, pauses), mobiles);
        }
      }
      report.unexpectedTexts(texts.unexpected());
    } finally {
      await(agi.close());
      await(http.close());
      await(service.stop());
      await(texts.stop());
    }
  }

  /** Where a phase's calls go: the webhooks' client, the texts' source and the account. */
  private record Target(WebhookClient webhooks, Texts texts, String accountSid) {}

  private void capacity(
      HttpClientAgent http, BenchTenant tenant, Target callproof, Mobiles mobiles, BenchDatabase db)
      throws Exception {
    BareEndpoint bare = await(BareEndpoint.start(serviceVertx));
    try {
      Target target =
          new Target(
              new WebhookClient(http, bare.baseUrl(), tenant.authToken()),
              Texts.constant("000000"),
              tenant.accountSid());
      Mobiles unlimited = new Mobiles(tenant.mobiles(), Long.MAX_VALUE);
      report.twilio().bare(runPhase(capacitySpec("bare Vert.x endpoint"), target, unlimited));
    } finally {
      await(bare.stop());
    }
    Phase.Outcome outcome = runPhase(capacitySpec("Callproof capacity"), callproof, mobiles);
    long audit = await(db.auditEventsBetween(outcome.windowStart(), outcome.windowEnd()));
    report.twilio().capacity(outcome, audit);
  }

  /** The bare FastAGI server, then Callproof's FastAGI server, under the same capacity load. */
  private void agiCapacity(NetClient agi, int port, Texts texts, Mobiles mobiles, BenchDatabase db)
      throws Exception {
    BareAgiServer bare = await(BareAgiServer.start(serviceVertx));
    try {
      Mobiles unlimited = new Mobiles(mobiles.all(), Long.MAX_VALUE);
      Player player = agiPlayer(agi, bare.port(), Texts.constant("000000"), none());
      report.agi().bare(runPhase(capacitySpec("bare FastAGI server"), player, unlimited));
    } finally {
      await(bare.stop());
    }
    Player player = agiPlayer(agi, port, texts, none());
    Phase.Outcome outcome = runPhase(capacitySpec("Callproof FastAGI capacity"), player, mobiles);
    long audit = await(db.auditEventsBetween(outcome.windowStart(), outcome.windowEnd()));
    report.agi().capacity(outcome, audit);
  }

  private AgiPlayer agiPlayer(NetClient agi, int port, Texts texts, Pauses pauses) {
    return new AgiPlayer(agi, port, "helpdesk", texts, pauses, BenchTenant.HELPDESK);
  }

  private Pauses none() {
    return Pauses.none(generatorVertx);
  }

  private Phase.Spec capacitySpec(String name) {
    return new Phase.Spec(
        name,
        options.callers(),
        0,
        options.warmupSeconds() * 1_000L,
        options.settleMaxSeconds() * 1_000L,
        options.seconds() * 1_000L,
        options.maxCalls(),
        DRAIN_MILLIS,
        0);
  }

  private Phase.Outcome runPhase(Phase.Spec spec, Target target, Mobiles mobiles) throws Exception {
    return runPhase(spec, player(target, none()), mobiles);
  }

  private Phase.Outcome runPhase(Phase.Spec spec, Player player, Mobiles mobiles) throws Exception {
    Phase phase = new Phase(generatorVertx, spec, player, none(), mobiles);
    log.info(
        "{}: {} callers for {} s after {} s of warm-up",
        spec.name(),
        spec.callers(),
        spec.measuredMillis() / 1000,
        spec.warmupMillis() / 1000);
    Future<Phase.Outcome> running = phase.run();
    analyzeDuringWarmup(spec);
    return await(running);
  }

  /**
   * Refreshes the planner's statistics three quarters into a phase's warm-up, as autovacuum does on
   * a database in service. The run's tables start empty and fill within seconds, faster than
   * autovacuum looks at a new database; without statistics the service's prepared statements keep
   * plans made for empty tables (one read a tenant's every verification to find one, growing with
   * the run), a cost a database in service does not have.
   */
  private void analyzeDuringWarmup(Phase.Spec spec) {
    generatorVertx.setTimer(
        Math.max(1, spec.warmupMillis() * 3 / 4),
        id ->
            database
                .execute("analyze")
                .onFailure(
                    e -> log.warn("could not analyze the run's database: {}", e.toString())));
  }

  private CallPlayer player(Target target, Pauses pauses) {
    return new CallPlayer(
        target.webhooks(), target.texts(), pauses, target.accountSid(), BenchTenant.HELPDESK);
  }

  /** Callers who pause at every prompt, with the heap weighed just after the window. */
  private void inFlight(
      BenchReport.Line line, java.util.function.Function<Pauses, Player> players, Mobiles mobiles)
      throws Exception {
    if (options.mode().capacity()) {
      // The capacity phase's callers are still in the directory's cache; weighed with them, the
      // idle heap would be larger than with 200 calls in flight. They expire first.
      long settle = Directory.CALLER_CACHE.plusSeconds(2).toMillis();
      log.info("waiting {} s for the capacity phase's cached callers to expire", settle / 1000);
      Thread.sleep(settle);
    }
    long idle = HeapProbe.liveBytes();
    Pauses pauses = new Pauses(generatorVertx, options.pauseMinMillis(), options.pauseMaxMillis());
    long weighMillis = (HEAP_SAMPLES + 1) * WEIGH_SPACING_MILLIS;
    Phase.Spec spec =
        new Phase.Spec(
            line == report.twilio() ? "Callproof in flight" : "Callproof FastAGI in flight",
            options.inFlight(),
            options.pauseMaxMillis(),
            Math.max(options.warmupSeconds() * 1_000L, options.pauseMaxMillis()),
            0,
            options.seconds() * 1_000L,
            options.maxCalls(),
            DRAIN_MILLIS,
            weighMillis);
    Phase phase = new Phase(generatorVertx, spec, players.apply(pauses), pauses, mobiles);
    log.info(
        "{}: {} callers pausing {} to {} ms at each prompt, for {} s",
        spec.name(),
        spec.callers(),
        options.pauseMinMillis(),
        options.pauseMaxMillis(),
        spec.measuredMillis() / 1000);
    long begun = System.nanoTime();
    Future<Phase.Outcome> running = phase.run();
    analyzeDuringWarmup(spec);
    // The heap is weighed after the measured window, while the calls go on, so that the full
    // collections of the weighing pause no measured request.
    List<BenchReport.HeapSample> samples = new ArrayList<>();
    long windowEnd = spec.warmupMillis() + spec.measuredMillis();
    for (int k = 1; k <= HEAP_SAMPLES; k++) {
      long at = windowEnd + k * WEIGH_SPACING_MILLIS;
      if (!sleepUntil(begun + TimeUnit.MILLISECONDS.toNanos(at), running)) {
        break;
      }
      samples.add(weigh(phase.stats()));
    }
    line.inFlight(await(running), idle, samples);
  }

  private static BenchReport.HeapSample weigh(PhaseStats stats) {
    int before = stats.inFlight();
    long live = HeapProbe.liveBytes();
    int after = stats.inFlight();
    return new BenchReport.HeapSample((before + after) / 2, live);
  }

  /** Waits until {@code deadline}; false if the phase ended first. */
  private static boolean sleepUntil(long deadline, Future<?> phase) throws InterruptedException {
    while (System.nanoTime() < deadline) {
      if (phase.isComplete()) {
        return false;
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      Thread.sleep(Math.max(1, Math.min(left, 100)));
    }
    return !phase.isComplete();
  }

  private Settings settings(BenchDatabase db, MessagesApi texts, Path dataFolder) {
    Map<String, String> env = new HashMap<>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("CALLPROOF_") && !OWNED_SETTINGS.contains(k)) {
                env.put(k, v);
              }
            });
    // A benchmark tenant sends thousands of texts an hour; the default cost limit (500) would
    // answer most calls without a code.
    env.putIfAbsent("CALLPROOF_TENANT_TEXT_LIMIT", "100000");
    // The players type their codes; a line that listens would ask them why they call first.
    env.putIfAbsent("CALLPROOF_TWILIO_SPEECH", "false");
    env.put("CALLPROOF_MODE", "production");
    env.put("CALLPROOF_DB_URL", db.url());
    env.put("CALLPROOF_DB_POOL_SIZE", Integer.toString(options.servicePoolSize()));
    env.put("CALLPROOF_HTTP_HOST", "127.0.0.1");
    env.put("CALLPROOF_HTTP_PORT", "0");
    env.put("CALLPROOF_DATA_DIR", dataFolder.toString());
    env.put("CALLPROOF_TWILIO_API_BASE", texts.baseUrl());
    env.put("CALLPROOF_INSTALLATION_KEY", randomKey("bench1"));
    env.put("CALLPROOF_CODE_KEY", randomKey("bench2"));
    io.callproof.push.VapidKeys vapid = io.callproof.push.VapidKeys.generate();
    env.put("CALLPROOF_VAPID_PUBLIC_KEY", vapid.publicKeyBase64Url());
    env.put("CALLPROOF_VAPID_PRIVATE_KEY", vapid.privateKeyBase64Url());
    if (options.line().fastagi()) {
      env.put("CALLPROOF_ASTERISK_PBXES", "127.0.0.1=" + BenchTenant.ID);
      env.put("CALLPROOF_AGI_HOST", "127.0.0.1");
      env.put("CALLPROOF_AGI_PORT", "0");
      env.put(
          "CALLPROOF_AGI_THREADS",
          Integer.toString(Math.max(options.callers(), options.inFlight())));
    }
    return Settings.from(env);
  }

  private static String randomKey(String id) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new Key(id, key).format();
  }

  private static void deleteFolder(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Waits for a future from the main thread, which is never an event loop. */
  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
