package io.callproof.bench;

import io.callproof.app.Callproof;
import io.callproof.app.Settings;
import io.callproof.crypto.Key;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
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
          "CALLPROOF_VAPID_PRIVATE_KEY");

  private static final Logger log = LoggerFactory.getLogger(BenchRun.class);
  private static final long TEXT_WAIT_MILLIS = 30_000;
  private static final long DRAIN_MILLIS = TEXT_WAIT_MILLIS + 5_000;
  private static final int HEAP_SAMPLES = 3;

  private final BenchOptions options;
  private final BenchReport report;
  private final Vertx serviceVertx = Vertx.vertx();
  private final Vertx generatorVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));

  BenchRun(BenchOptions options) {
    this.options = options;
    this.report = new BenchReport(options);
  }

  /** Runs every phase the options ask for and returns the report. */
  BenchReport run() throws Exception {
    Path dataFolder = Files.createTempDirectory("callproof-bench");
    BenchDatabase db = await(BenchDatabase.create(serviceVertx, options.adminDbUrl()));
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
    Mobiles mobiles =
        new Mobiles(tenant.mobiles(), (long) options.contacts() * settings.contactSendLimit());
    try {
      Target callproof =
          new Target(
              new WebhookClient(http, "http://127.0.0.1:" + service.port(), tenant.authToken()),
              texts,
              tenant.accountSid());
      if (options.mode().capacity()) {
        capacity(http, tenant, callproof, mobiles, db);
      }
      if (options.mode().inFlight()) {
        inFlight(callproof, mobiles);
      }
      report.unexpectedTexts(texts.unexpected());
    } finally {
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
      report.bare(runPhase(capacitySpec("bare Vert.x endpoint"), target, unlimited));
    } finally {
      await(bare.stop());
    }
    Phase.Outcome outcome = runPhase(capacitySpec("Callproof capacity"), callproof, mobiles);
    long audit = await(db.auditEventsBetween(outcome.windowStart(), outcome.windowEnd()));
    report.capacity(outcome, audit);
  }

  private Phase.Spec capacitySpec(String name) {
    return new Phase.Spec(
        name,
        options.callers(),
        0,
        options.warmupSeconds() * 1_000L,
        options.seconds() * 1_000L,
        options.maxCalls(),
        DRAIN_MILLIS);
  }

  private Phase.Outcome runPhase(Phase.Spec spec, Target target, Mobiles mobiles) throws Exception {
    Pauses none = Pauses.none(generatorVertx);
    Phase phase = new Phase(generatorVertx, spec, player(target, none), none, mobiles);
    log.info(
        "{}: {} callers for {} s after {} s of warm-up",
        spec.name(),
        spec.callers(),
        spec.measuredMillis() / 1000,
        spec.warmupMillis() / 1000);
    return await(phase.run());
  }

  private CallPlayer player(Target target, Pauses pauses) {
    return new CallPlayer(
        target.webhooks(), target.texts(), pauses, target.accountSid(), BenchTenant.HELPDESK);
  }

  /** Callers who pause at every prompt, with the heap weighed at the window's quarters. */
  private void inFlight(Target callproof, Mobiles mobiles) throws Exception {
    long idle = HeapProbe.liveBytes();
    Pauses pauses = new Pauses(generatorVertx, options.pauseMinMillis(), options.pauseMaxMillis());
    Phase.Spec spec =
        new Phase.Spec(
            "Callproof in flight",
            options.inFlight(),
            options.pauseMaxMillis(),
            Math.max(options.warmupSeconds() * 1_000L, options.pauseMaxMillis()),
            options.seconds() * 1_000L,
            options.maxCalls(),
            DRAIN_MILLIS);
    Phase phase = new Phase(generatorVertx, spec, player(callproof, pauses), pauses, mobiles);
    log.info(
        "{}: {} callers pausing {} to {} ms at each prompt, for {} s",
        spec.name(),
        spec.callers(),
        options.pauseMinMillis(),
        options.pauseMaxMillis(),
        spec.measuredMillis() / 1000);
    long begun = System.nanoTime();
    Future<Phase.Outcome> running = phase.run();
    List<BenchReport.HeapSample> samples = new ArrayList<>();
    for (int k = 1; k <= HEAP_SAMPLES; k++) {
      long at = spec.warmupMillis() + spec.measuredMillis() * k / (HEAP_SAMPLES + 1);
      if (!sleepUntil(begun + TimeUnit.MILLISECONDS.toNanos(at), running)) {
        break;
      }
      samples.add(weigh(phase.stats()));
    }
    report.inFlight(await(running), idle, samples);
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
