package io.callproof.app;

import io.callproof.asterisk.AsteriskLine;
import io.callproof.audit.AuditSealer;
import io.callproof.audit.AuditTrail;
import io.callproof.audit.HeadFiles;
import io.callproof.call.CallService;
import io.callproof.console.AuditApi;
import io.callproof.console.Console;
import io.callproof.console.ConsoleUsers;
import io.callproof.console.EndUserPages;
import io.callproof.console.TechnicianApi;
import io.callproof.crypto.CodeHasher;
import io.callproof.crypto.Sealer;
import io.callproof.directory.Directory;
import io.callproof.directory.Tenant;
import io.callproof.directory.TenantImport;
import io.callproof.directory.TenantRegistry;
import io.callproof.flow.Flow;
import io.callproof.flow.FlowEngine;
import io.callproof.flow.FlowLoader;
import io.callproof.ivr.Catalogs;
import io.callproof.ivr.PromptCatalog;
import io.callproof.message.AdminAlerts;
import io.callproof.message.DevOutbox;
import io.callproof.message.MailSender;
import io.callproof.message.Outbox;
import io.callproof.message.OutboxWorker;
import io.callproof.message.PushSender;
import io.callproof.message.SmtpMailSender;
import io.callproof.message.TextSender;
import io.callproof.push.WebPushClient;
import io.callproof.push.WebPushSender;
import io.callproof.route.OutboundService;
import io.callproof.route.RecentCalls;
import io.callproof.route.Technicians;
import io.callproof.speech.IntentCatalog;
import io.callproof.speech.Recogniser;
import io.callproof.speech.SpeechUnderstanding;
import io.callproof.speech.google.GoogleRecogniser;
import io.callproof.store.Database;
import io.callproof.twilio.SpeechOptions;
import io.callproof.twilio.TwilioOutboundCalls;
import io.callproof.twilio.TwilioTextSender;
import io.callproof.twilio.TwilioWebhooks;
import io.callproof.verify.ApprovalSignals;
import io.callproof.verify.Enrolments;
import io.callproof.verify.VerificationPolicy;
import io.callproof.verify.VerificationService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: its database, flows, verification, outbox worker and HTTP server, wired
 * together. {@link #start} completes only when all of them are up, and fails loudly otherwise.
 */
public final class Callproof {

  /** Every parameter a prompt or text may name. */
  static final Set<String> PROMPT_PARAMETERS =
      Set.of(
          "link",
          "matchNumber",
          "msp",
          "company",
          "firstName",
          "mobileEnding",
          "attemptsLeft",
          "minutes",
          "code",
          "codeLength",
          "badgeSpoken",
          "technician",
          "technicianId",
          "calledWhen",
          "calledAgo",
          "enteredId",
          "hotline",
          "windowHours");

  private static final Logger log = LoggerFactory.getLogger(Callproof.class);
  private static final String DEMO_DATA = "demo/secure-it.yaml";

  private final Vertx vertx;
  private final long tenantRefresh;
  private final Settings settings;
  private final Database database;
  private final HttpServers server;
  private final DevOutbox devOutbox;
  private final OutboxWorker worker;
  private final TenantRegistry tenants;
  private final AuditSealer auditSealer;
  private final Optional<AsteriskLine> asterisk;
  private final Console console;
  private final Optional<DemoSecrets.DemoAdmin> demoAdmin;
  private final ApprovalSignals approvalSignals;

  private Callproof(
      Vertx vertx,
      Settings settings,
      Database database,
      HttpServers server,
      DevOutbox devOutbox,
      OutboxWorker worker,
      TenantRegistry tenants,
      long tenantRefresh,
      AuditSealer auditSealer,
      Optional<AsteriskLine> asterisk,
      Console console,
      Optional<DemoSecrets.DemoAdmin> demoAdmin,
      ApprovalSignals approvalSignals) {
    this.vertx = vertx;
    this.approvalSignals = approvalSignals;
    this.console = console;
    this.demoAdmin = demoAdmin;
    this.tenantRefresh = tenantRefresh;
    this.auditSealer = auditSealer;
    this.settings = settings;
    this.database = database;
    this.server = server;
    this.devOutbox = devOutbox;
    this.worker = worker;
    this.tenants = tenants;
    this.asterisk = asterisk;
  }

  /** Starts everything; fails with a message naming what is wrong and how to fix it. */
  public static Future<Callproof> start(Vertx vertx, Settings settings, Clock clock) {
    DemoSecrets.Values keys;
    PromptCatalog prompts;
    Catalogs catalogs;
    IntentCatalog intents;
    Map<String, Flow> flows;
    try {
      keys = keys(settings);
      catalogs =
          Catalogs.load(
              settings.ivrFolder(),
              settings.locale(),
              settings.speech().locales(),
              PROMPT_PARAMETERS,
              FlowEngine.OWN_PROMPTS);
      prompts = catalogs.reference();
      intents = IntentCatalog.load(settings.ivrFolder(), catalogs.locales());
      flows =
          new FlowLoader(prompts::hasVoice, prompts.source(), intents.intents())
              .loadFolder(settings.flowsFolder());
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(e);
    }
    Sealer sealer = new Sealer(keys.installation());
    Future<Database> db =
        settings.databaseUrl().isPresent()
            ? Database.open(
                vertx,
                settings.databaseUrl().get(),
                settings.databaseOwnerUrl().orElse(settings.databaseUrl().get()),
                settings.databasePoolSize())
            : Database.openEmbedded(vertx, settings.dataFolder(), settings.databasePoolSize());
    return db.compose(
        database ->
            wire(vertx, settings, clock, database, sealer, keys, catalogs, intents, flows)
                .onFailure(e -> database.close()));
  }

  /**
   * The installation's secrets: from the settings, or in demo mode made once in the data folder.
   */
  private static DemoSecrets.Values keys(Settings settings) throws IOException {
    if (settings.installationKey().isPresent()
        && settings.codeKey().isPresent()
        && settings.vapidKeys().isPresent()) {
      return new DemoSecrets.Values(
          settings.installationKey().get(),
          settings.codeKey().get(),
          settings.vapidKeys().get(),
          Optional.empty());
    }
    DemoSecrets.Values made = DemoSecrets.loadOrCreate(settings.dataFolder());
    return new DemoSecrets.Values(
        settings.installationKey().orElse(made.installation()),
        settings.codeKey().orElse(made.code()),
        settings.vapidKeys().orElse(made.vapid()),
        made.demoAdmin());
  }

  private static Future<Callproof> wire(
      Vertx vertx,
      Settings settings,
      Clock clock,
      Database database,
      Sealer sealer,
      DemoSecrets.Values keys,
      Catalogs catalogs,
      IntentCatalog intents,
      Map<String, Flow> flows) {
    PromptCatalog prompts = catalogs.reference();
    AuditTrail audit = new AuditTrail();
    TenantRegistry tenants = new TenantRegistry(database.pool(), sealer);
    Outbox outbox = new Outbox(sealer);
    boolean demo = settings.mode() == Settings.Mode.DEMO;
    // VAPID tokens are dated by the wall clock: push services check them against theirs.
    PushSender pushSender =
        new WebPushSender(
            new WebPushClient(
                WebClient.create(vertx), keys.vapid(), settings.vapidSubject(), Clock.systemUTC()),
            settings.approvalLifetime());
    Optional<String> linkBase =
        settings
            .publicUrl()
            .map(Object::toString)
            .or(
                () ->
                    demo
                        ? Optional.of("http://localhost:" + settings.httpPort())
                        : Optional.empty());
    boolean emailAvailable = settings.smtp().isPresent() || demo;
    ApprovalSignals approvalSignals =
        ApprovalSignals.listening(
            vertx, database.connectOptions(), database.pool(), settings.approvalRecheck());
    VerificationService verification =
        new VerificationService(
            policy(settings),
            new CodeHasher(keys.code()),
            outbox,
            new CatalogMessages(prompts),
            linkBase,
            emailAvailable,
            new AdminAlerts(outbox, ConsoleUsers::administratorEmails, emailAvailable),
            approvalSignals);
    DevOutbox devOutbox = new DevOutbox(clock);
    MailSender mail =
        settings
            .smtp()
            .<MailSender>map(
                m ->
                    new SmtpMailSender(
                        vertx,
                        m.host(),
                        m.port(),
                        m.username(),
                        m.password(),
                        m.from(),
                        m.startTls()))
            .orElse(devOutbox);
    OutboxWorker worker =
        new OutboxWorker(
            vertx,
            database.pool(),
            database.commits(),
            sealer,
            tenants,
            senders(settings, devOutbox),
            mail,
            pushSender,
            audit,
            clock);
    CallService calls =
        new CallService(
            database.pool(),
            database.commits(),
            flows,
            new FlowEngine(
                settings.codeLength(),
                settings.holdSeconds(),
                new SpeechUnderstanding(intents, settings.speech().minConfidence()),
                settings.locale()),
            new Directory(Directory.CALLER_CACHE),
            verification,
            new RecentCalls(settings.recentCallWindow()),
            new Technicians(),
            audit,
            clock,
            worker::wake,
            line ->
                "twilio".equals(line) && settings.speech().twilio()
                    || "asterisk".equals(line) && settings.googleSpeech().isPresent());
    OutboundLines lines =
        new OutboundLines(
            new TwilioOutboundCalls(
                vertx, tenants, settings.twilioApiBase(), settings.publicUrl()));
    OutboundService outbound =
        new OutboundService(
            database.pool(),
            lines,
            outbox,
            audit,
            (tenant, technician) ->
                prompts.sms("heads-up", Map.of("msp", tenant.name(), "technician", technician)),
            worker::wake,
            clock);
    TwilioWebhooks twilio =
        new TwilioWebhooks(
            tenants,
            calls,
            outbound,
            outbox,
            database.pool(),
            catalogs,
            SpeechOptions.of(
                settings.speech().twilio(),
                settings.speech().twilioSpeechTimeout(),
                settings.speech().twilioVoices()),
            settings.gatherTimeoutSeconds(),
            settings.dialTimeoutSeconds(),
            settings.publicUrl(),
            settings.holdAudioUrl(),
            clock);

    HeadFiles heads = new HeadFiles(settings.auditHeadFolder());
    AuditSealer auditSealer = new AuditSealer(database.pool(), heads, clock);

    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.response().end("ok\n"));
    twilio.mount(router);
    Enrolments enrolments =
        new Enrolments(policy(settings), outbox, new CatalogMessages(prompts), linkBase);
    new EndUserPages(database.pool(), verification, enrolments, audit, keys.vapid(), clock)
        .mount(router);
    new TechnicianApi(database.pool(), tenants, verification, enrolments, outbound, audit, clock)
        .mount(router);
    settings
        .adminToken()
        .ifPresent(
            token -> new AuditApi(vertx, database.pool(), heads, token.value()).mount(router));
    if (settings.mode() == Settings.Mode.DEMO) {
      router.get("/dev/twilio-account").handler(ctx -> localAccount(ctx, tenants));
      router
          .get("/dev/outbox")
          .handler(
              ctx ->
                  ctx.response()
                      .putHeader("Content-Type", "application/json")
                      .end(outboxJson(devOutbox).encodePrettily()));
    }
    Future<Void> demoData =
        demo ? importDemo(database, sealer, settings, audit, clock) : Future.succeededFuture();
    Optional<DemoSecrets.DemoAdmin> demoAdmin = demo ? keys.demoAdmin() : Optional.empty();
    boolean secureCookies =
        settings.publicUrl().map(u -> "https".equalsIgnoreCase(u.getScheme())).orElse(false);
    return demoData
        .compose(v -> approvalSignals.start())
        .compose(v -> demoAdmin(vertx, database, audit, clock, demoAdmin))
        .compose(v -> tenants.load())
        .compose(
            v ->
                Console.start(
                    vertx,
                    router,
                    database.pool(),
                    database.connectOptions(),
                    tenants,
                    verification,
                    audit,
                    sealer,
                    heads,
                    secureCookies,
                    new Console.Parts(
                        outbound,
                        flows.keySet(),
                        demo ? Optional.of(devOutbox) : Optional.empty(),
                        settings.publicUrl()),
                    clock))
        .compose(
            console ->
                HttpServers.listen(
                        vertx,
                        router,
                        settings.httpHost(),
                        settings.httpPort(),
                        Runtime.getRuntime().availableProcessors())
                    .onFailure(e -> console.stop())
                    .map(server -> new Listening(server, console)))
        .compose(
            listening ->
                asterisk(vertx, settings, tenants, flows, calls, catalogs)
                    .onFailure(e -> listening.server().close())
                    .map(
                        line -> {
                          line.ifPresent(lines::asterisk);
                          long refresh = tenants.refreshEvery(vertx, 10_000);
                          worker.start(1_000);
                          auditSealer.start(vertx, settings.auditSealPeriod().toMillis());
                          return new Callproof(
                              vertx,
                              settings,
                              database,
                              listening.server(),
                              devOutbox,
                              worker,
                              tenants,
                              refresh,
                              auditSealer,
                              line,
                              listening.console(),
                              demoAdmin,
                              approvalSignals);
                        }));
  }

  private record Listening(HttpServers server, Console console) {}

  /** Makes the demo's administrator once, with the password kept among the demo secrets. */
  private static Future<Void> demoAdmin(
      Vertx vertx,
      Database database,
      AuditTrail audit,
      Clock clock,
      Optional<DemoSecrets.DemoAdmin> admin) {
    if (admin.isEmpty()) {
      return Future.succeededFuture();
    }
    return database
        .pool()
        .preparedQuery("select 1 from console_user where email = $1")
        .execute(io.vertx.sqlclient.Tuple.of(admin.get().email()))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture()
                    : new ConsoleUsers(vertx, database.pool(), audit)
                        .add(
                            "secure-it",
                            admin.get().email(),
                            "Demo Administrator",
                            "admin",
                            "4821",
                            admin.get().password(),
                            clock.instant())
                        .mapEmpty());
  }

  private static Future<Optional<AsteriskLine>> asterisk(
      Vertx vertx,
      Settings settings,
      TenantRegistry tenants,
      Map<String, Flow> flows,
      CallService calls,
      Catalogs catalogs) {
    if (settings.asterisk().isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    Map<String, PromptCatalog> byLocale = new java.util.HashMap<>();
    catalogs.locales().forEach(locale -> byLocale.put(locale, catalogs.of(locale)));
    return vertx
        .executeBlocking(
            () ->
                settings.googleSpeech().isEmpty()
                    ? Optional.<Recogniser>empty()
                    : Optional.<Recogniser>of(
                        GoogleRecogniser.create(settings.googleSpeech().get())))
        .compose(
            recogniser ->
                AsteriskLine.start(
                        vertx,
                        settings.asterisk().get(),
                        tenants,
                        flows,
                        calls,
                        byLocale,
                        catalogs.defaultLocale(),
                        recogniser)
                    .map(Optional::of));
  }

  private static VerificationPolicy policy(Settings s) {
    return new VerificationPolicy(
        s.codeLength(),
        s.codeLifetime(),
        s.approvalLifetime(),
        s.maxWrongEntries(),
        s.maxWrongNumbers(),
        s.maxSilences(),
        s.contactSendLimit(),
        s.contactSendWindow(),
        s.callerAttemptLimit(),
        s.tenantTextLimit(),
        s.lockAfterFailures(),
        s.lockDurations(),
        s.trustWindow(),
        s.defaultMethods());
  }

  private static Function<Tenant, TextSender> senders(Settings settings, DevOutbox devOutbox) {
    TextSender twilio = new TwilioTextSender(settings.twilioApiBase(), settings.publicUrl());
    TextSender refused =
        (tenant, to, body) -> {
          throw new IllegalStateException(
              "tenant "
                  + tenant.id()
                  + " has demo Twilio credentials,"
                  + " and production never uses the development outbox; import its real account");
        };
    return tenant ->
        !tenant.devOutbox() ? twilio : settings.mode() == Settings.Mode.DEMO ? devOutbox : refused;
  }

  private static Future<Void> importDemo(
      Database database, Sealer sealer, Settings settings, AuditTrail audit, Clock clock) {
    String yaml;
    String source;
    try {
      if (settings.demoData().isPresent()) {
        source = settings.demoData().get().toString();
        yaml = Files.readString(settings.demoData().get());
      } else {
        source = "classpath:" + DEMO_DATA;
        try (InputStream in = Callproof.class.getClassLoader().getResourceAsStream(DEMO_DATA)) {
          yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    TenantImport importer = new TenantImport(sealer, System::getenv);
    TenantImport.Plan plan;
    try {
      plan =
          importer.check(
              source,
              yaml,
              settings
                  .demoTwilioAccount()
                  .map(
                      a ->
                          new TenantImport.TwilioAccountSetting(
                              a.accountSid(), a.authToken(), a.from())),
              true);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return database
        .pool()
        .preparedQuery("select 1 from tenant where id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(plan.id()))
        .compose(
            rows -> {
              if (rows.size() > 0) {
                return Future.succeededFuture();
              }
              log.info("loading demo data from {}", source);
              return importer.write(database.pool(), plan, audit, clock.instant());
            });
  }

  /**
   * Hands the terminal phone the first demo tenant's local-only Twilio account. Only accounts made
   * up for the development outbox are handed out; a real one never is.
   */
  private static void localAccount(io.vertx.ext.web.RoutingContext ctx, TenantRegistry tenants) {
    Optional<Tenant> demo = tenants.all().stream().filter(Tenant::devOutbox).findFirst();
    if (demo.isEmpty() || demo.get().twilio().isEmpty()) {
      ctx.response().setStatusCode(404).end("no local-only demo account\n");
      return;
    }
    Tenant.TwilioCredentials account = demo.get().twilio().get();
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(
            new JsonObject()
                .put("accountSid", account.accountSid())
                .put("authToken", account.authToken())
                .put("numbers", new JsonArray(demo.get().numbersInOrder()))
                .encode());
  }

  private static JsonArray outboxJson(DevOutbox outbox) {
    JsonArray list = new JsonArray();
    outbox
        .texts()
        .forEach(
            t ->
                list.add(
                    new JsonObject()
                        .put("id", t.id())
                        .put("tenant", t.tenantId())
                        .put("to", t.to())
                        .put("body", t.body())
                        .put("at", t.at().toString())));
    return list;
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return server.port();
  }

  /** The development outbox (holding texts only in demo mode). */
  public DevOutbox devOutbox() {
    return devOutbox;
  }

  /** The outbox worker, to send queued texts now. */
  public OutboxWorker outboxWorker() {
    return worker;
  }

  /** The tenants, as the webhooks see them. */
  public TenantRegistry tenants() {
    return tenants;
  }

  /** The sealer of the audit trail, to seal now rather than at its next round. */
  public AuditSealer auditSealer() {
    return auditSealer;
  }

  /** The database the service runs on. */
  public Database database() {
    return database;
  }

  /** The settings it started with. */
  public Settings settings() {
    return settings;
  }

  /** The Asterisk line, when PBXes are configured. */
  public Optional<AsteriskLine> asterisk() {
    return asterisk;
  }

  /** Stops the Asterisk line, the HTTP server and the audit sealer, then the database. */
  public Future<Void> stop() {
    vertx.cancelTimer(tenantRefresh);
    worker.stop();
    asterisk.ifPresent(AsteriskLine::stop);
    return server
        .close()
        .eventually(console::stop)
        .eventually(approvalSignals::stop)
        .eventually(() -> auditSealer.stop(vertx))
        .eventually(
            () -> {
              database.close();
              return Future.succeededFuture();
            });
  }

  /** What tells this node's waiting calls that their push approval was answered. */
  public ApprovalSignals approvalSignals() {
    return approvalSignals;
  }

  /** The technician console, for its routes. */
  public Console console() {
    return console;
  }

  /** The demo's administrator, in demo mode, for the start-up banner. */
  Optional<DemoSecrets.DemoAdmin> demoAdmin() {
    return demoAdmin;
  }

  /** The first tenant's demo account, if the demo tenant is loaded, for the start-up hint. */
  Optional<Tenant> demoTenant() {
    return tenants.byId("secure-it");
  }
}
