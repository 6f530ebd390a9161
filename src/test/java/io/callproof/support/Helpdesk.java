package io.callproof.support;

import io.callproof.app.Callproof;
import io.callproof.app.Settings;
import io.callproof.audit.AuditTrail;
import io.callproof.crypto.Key;
import io.callproof.crypto.Sealer;
import io.callproof.directory.TenantImport;
import io.callproof.phone.SimulatedTwilio;
import io.callproof.push.VapidKeys;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running Callproof on a fresh database with the test tenant imported, a local Twilio Messages
 * API catching its texts, and a simulated Twilio to call it with.
 */
public final class Helpdesk implements AutoCloseable {

  public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  public static final String AUTH_TOKEN = "test-auth-token-0123456789abcdef";
  public static final String API_KEY_SID = "SK0123456789abcdef0123456789abcdef";
  public static final String API_KEY_SECRET = "softphone-secret-0123456789abcdef";
  public static final String TWIML_APP_SID = "APfedcba9876543210fedcba9876543210";
  public static final String HELPDESK = "+12125550111";
  public static final String DANA_MOBILE = "+12125550121";
  public static final String DANA_WORK = "+12125550131";
  public static final String SHARED_WORK = "+12125550150";
  public static final String PAT_MOBILE = "+12125550124";
  public static final String RANDY_PHONE = "+12125550141";
  public static final String UNKNOWN = "+12125550177";
  public static final String AMI_USERNAME = "callproof";
  public static final String AMI_SECRET = "test-ami-secret";

  /** The tenant most tests call. */
  public static final String TEST_TENANT = "/test-tenant.yaml";

  /** A tenant with policies, an authorised requester and many contacts, for the policy tests. */
  public static final String POLICY_TENANT = "/policy-tenant.yaml";

  public final Vertx vertx = Vertx.vertx();
  public final TestClock clock = new TestClock(Instant.parse("2026-11-02T15:00:00Z"));
  public final TestDatabase database;
  public final FakeTwilioApi twilioApi;
  public final Callproof service;
  public final SimulatedTwilio twilio;

  /** The PBX's manager interface, when started {@link #withAsterisk}; otherwise null. */
  public final AmiPeer ami;

  /** The installation's Web Push keys in every test. */
  public static final VapidKeys VAPID = VapidKeys.generate();

  private final Pool checks;
  private final Path dataFolder;
  private final String tenantFile;
  private final Map<String, String> env;
  private volatile int textsSeen;

  private Helpdesk(
      String tenantFile, Map<String, String> overrides, TestRoles roles, boolean asterisk)
      throws IOException {
    this.tenantFile = tenantFile;
    database = TestDatabase.create(vertx);
    twilioApi = new FakeTwilioApi(ACCOUNT_SID, AUTH_TOKEN).start(vertx);
    dataFolder = Files.createTempDirectory("callproof-test");
    ami = asterisk ? new AmiPeer(AMI_USERNAME, AMI_SECRET) : null;
    Map<String, String> env = new HashMap<>(baseSettings());
    if (roles != null) {
      database.admin(vertx, "alter database " + database.name() + " owner to " + roles.owner());
      env.put("CALLPROOF_DB_URL", database.urlAs(roles.runtime()));
      env.put("CALLPROOF_DB_OWNER_URL", database.urlAs(roles.owner()));
    }
    if (asterisk) {
      env.putAll(asteriskSettings());
    }
    env.putAll(overrides);
    this.env = Map.copyOf(env);
    Settings settings = Settings.from(env);
    importTenant(settings);
    service = Await.result(Callproof.start(vertx, settings, clock));
    twilio =
        new SimulatedTwilio(
            URI.create("http://127.0.0.1:" + service.port()), ACCOUNT_SID, AUTH_TOKEN);
    checks = database.pool(vertx);
  }

  /** A helpdesk with the default settings. */
  public static Helpdesk start() throws IOException {
    return new Helpdesk(TEST_TENANT, Map.of(), null, false);
  }

  /** A helpdesk with some settings changed. */
  public static Helpdesk start(Map<String, String> overrides) throws IOException {
    return new Helpdesk(TEST_TENANT, overrides, null, false);
  }

  /**
   * A helpdesk with another tenant file imported (a resource of the test class path, with the test
   * tenant's account and token) and some settings changed.
   */
  public static Helpdesk start(String tenantFile, Map<String, String> overrides)
      throws IOException {
    return new Helpdesk(tenantFile, overrides, null, false);
  }

  /**
   * Like {@link #start(String, Map)}, with a public URL, so that approval links can be made and
   * push approvals are offered. The service then listens on a port chosen here, since Twilio signs
   * the public URL.
   */
  public static Helpdesk startWithPublicUrl(String tenantFile, Map<String, String> overrides)
      throws IOException {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(overrides);
    env.put("CALLPROOF_HTTP_PORT", Integer.toString(port));
    env.put("CALLPROOF_PUBLIC_URL", "http://127.0.0.1:" + port);
    return new Helpdesk(tenantFile, env, null, false);
  }

  /**
   * A helpdesk on a database that {@code roles}' owner owns and migrates, running as its runtime
   * role, with some settings changed.
   */
  public static Helpdesk start(TestRoles roles, Map<String, String> overrides) throws IOException {
    return new Helpdesk(TEST_TENANT, overrides, roles, false);
  }

  /**
   * A helpdesk that also answers FastAGI on a free loopback port for a PBX at 127.0.0.1 (bound to
   * the test tenant), with an AMI peer standing for that PBX's manager interface.
   */
  public static Helpdesk withAsterisk(Map<String, String> overrides) throws IOException {
    return new Helpdesk(TEST_TENANT, overrides, null, true);
  }

  /** Like {@link #withAsterisk(Map)}, with another tenant file imported. */
  public static Helpdesk withAsterisk(String tenantFile, Map<String, String> overrides)
      throws IOException {
    return new Helpdesk(tenantFile, overrides, null, true);
  }

  private Map<String, String> asteriskSettings() {
    Map<String, String> env = new HashMap<>();
    env.put("CALLPROOF_ASTERISK_PBXES", "127.0.0.1=acme-msp");
    env.put("CALLPROOF_AGI_HOST", "127.0.0.1");
    env.put("CALLPROOF_AGI_PORT", "0");
    env.put("CALLPROOF_AMI_PORT", Integer.toString(ami.port()));
    env.put("CALLPROOF_AMI_USERNAME", AMI_USERNAME);
    env.put("CALLPROOF_AMI_SECRET", AMI_SECRET);
    return env;
  }

  /**
   * Starts another Callproof node on the same database, with the same settings and clock but its
   * own HTTP port and no Asterisk line, as a second node behind a load balancer. The caller stops
   * it.
   */
  public Callproof anotherNode() {
    Map<String, String> other = new HashMap<>(env);
    if (ami != null) {
      other.keySet().removeAll(asteriskSettings().keySet());
    }
    other.put("CALLPROOF_HTTP_PORT", "0");
    return Await.result(Callproof.start(vertx, Settings.from(other), clock));
  }

  /** Calls the helpdesk over FastAGI from the configured PBX, as Asterisk would. */
  public AgiPeer agiCall(String from) throws IOException {
    return agiCall(from, HELPDESK);
  }

  /** Calls one of the tenant's numbers over FastAGI from the configured PBX. */
  public AgiPeer agiCall(String from, String to) throws IOException {
    return AgiPeer.call(
        service.asterisk().orElseThrow().agiPort(),
        java.net.InetAddress.getByName("127.0.0.1"),
        "helpdesk",
        from,
        to);
  }

  /** Waits until the service is logged in to the AMI peer, so that the events it sends arrive. */
  public void awaitAmiLoggedIn() {
    java.net.InetAddress pbx = java.net.InetAddress.getLoopbackAddress();
    Await.until(
        () -> service.asterisk().orElseThrow().amiConnected(pbx).orElse(false) ? true : null,
        Duration.ofSeconds(20),
        "the AMI login");
  }

  /** A call's status in the database ({@code in-flow}, {@code routed}, {@code ended}). */
  public String callStatus(String callSid) {
    List<Row> rows = query("select status from call where call_sid = $1", Tuple.of(callSid));
    return rows.isEmpty() ? null : rows.get(0).getString(0);
  }

  private Map<String, String> baseSettings() {
    Map<String, String> env = new HashMap<>();
    env.put("CALLPROOF_MODE", "production");
    env.put("CALLPROOF_DB_URL", database.url());
    env.put("CALLPROOF_HTTP_HOST", "127.0.0.1");
    env.put("CALLPROOF_HTTP_PORT", "0");
    env.put("CALLPROOF_DATA_DIR", dataFolder.toString());
    env.put("CALLPROOF_TWILIO_API_BASE", twilioApi.baseUrl());
    env.put("CALLPROOF_INSTALLATION_KEY", "t1:" + b64(1));
    env.put("CALLPROOF_CODE_KEY", "t1:" + b64(2));
    env.put("CALLPROOF_VAPID_PUBLIC_KEY", VAPID.publicKeyBase64Url());
    env.put("CALLPROOF_VAPID_PRIVATE_KEY", VAPID.privateKeyBase64Url());
    // Keypad-only unless a test turns speech on: the keypad flows are tested as before, and the
    // speech tests say so in their own settings.
    env.put("CALLPROOF_TWILIO_SPEECH", "false");
    return env;
  }

  private static String b64(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) fill);
    return java.util.Base64.getEncoder().encodeToString(key);
  }

  /** Imports the test tenant once more, as an administrator might by mistake. */
  public Throwable importAgain() throws IOException {
    try {
      importTenant(service.settings());
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private void importTenant(Settings settings) throws IOException {
    String yaml;
    try (InputStream in = Helpdesk.class.getResourceAsStream(tenantFile)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Key key = settings.installationKey().orElseThrow();
    TenantImport importer =
        new TenantImport(
            new Sealer(key),
            name ->
                switch (name) {
                  case "TEST_TWILIO_AUTH_TOKEN" -> AUTH_TOKEN;
                  case "TEST_TWILIO_API_KEY_SECRET" -> API_KEY_SECRET;
                  default -> null;
                });
    TenantImport.Plan plan = importer.check(tenantFile, yaml, Optional.empty(), false);
    String url = settings.databaseUrl().orElseThrow();
    Await.result(
        io.callproof.store.Database.open(vertx, url, settings.databaseOwnerUrl().orElse(url), 1)
            .compose(
                db ->
                    importer
                        .write(db.pool(), plan, new AuditTrail(), clock.instant())
                        .eventually(
                            () -> {
                              db.close();
                              return io.vertx.core.Future.succeededFuture();
                            })));
  }

  /**
   * Starts a test afresh: waits until every queued text and email has been handed over, forgets the
   * texts sent so far, and moves the clock a day on, past every sending window, limit and lock.
   * Pushes are not waited for: production mode here has no Web Push sender, so they fail and are
   * retried on the clock.
   */
  public void nextTest() {
    service.outboxWorker().wake();
    Await.until(
        () ->
            count(
                        "select count(*) from outbox_message where status in"
                            + " ('queued', 'sending') and attempts < 5 and channel <> 'push'",
                        Tuple.tuple())
                    == 0
                ? true
                : null,
        Duration.ofSeconds(10),
        "queued texts to be sent");
    textsSeen = twilioApi.sent().size();
    clock.advance(Duration.ofHours(25));
  }

  /** The next text to {@code number} not yet read, waiting for it to be sent. */
  public FakeTwilioApi.Sent nextTextTo(String number) {
    service.outboxWorker().wake();
    return Await.until(
        () -> {
          List<FakeTwilioApi.Sent> sent = twilioApi.sent();
          for (int i = textsSeen; i < sent.size(); i++) {
            if (sent.get(i).to().equals(number)) {
              textsSeen = i + 1;
              return sent.get(i);
            }
          }
          return null;
        },
        Duration.ofSeconds(10),
        "a text to " + number);
  }

  /** The code in the next text to {@code number} not yet read, waiting for it to be sent. */
  public String codeTextedTo(String number) {
    return find("\\b([0-9]{6})\\b", nextTextTo(number).body());
  }

  /** The link in the next text to {@code number} not yet read, waiting for it to be sent. */
  public String linkTextedTo(String number) {
    return find("(https?://[^ ]+/(approve|enrol)/[A-Za-z0-9_-]+)", nextTextTo(number).body());
  }

  private static String find(String pattern, String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern).matcher(text);
    if (!m.find()) {
      throw new AssertionError("nothing like " + pattern + " in text: " + text);
    }
    return m.group(1);
  }

  /**
   * A helpdesk listening on a port chosen beforehand, with {@code CALLPROOF_PUBLIC_URL} naming it,
   * so that the links it sends (approval and enrolment pages) open.
   */
  public static Helpdesk startPublic(Map<String, String> overrides) throws IOException {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(overrides);
    env.put("CALLPROOF_HTTP_PORT", Integer.toString(port));
    env.put("CALLPROOF_PUBLIC_URL", "http://127.0.0.1:" + port);
    return new Helpdesk(TEST_TENANT, env, null, false);
  }

  /** How many texts the provider has taken so far. */
  public int textsSent() {
    return twilioApi.sent().size();
  }

  /** Every text the provider took after the first {@code from}, oldest first. */
  public List<FakeTwilioApi.Sent> textsSince(int from) {
    List<FakeTwilioApi.Sent> sent = twilioApi.sent();
    return sent.subList(from, sent.size());
  }

  /**
   * Another MSP in the same installation ({@code other-msp}), with a company (Zed) and a contact
   * (Zoe Zedson, zoe@zed.example), whose id this returns. Call it once per service.
   */
  public java.util.UUID otherMspsContact() {
    java.util.UUID company = java.util.UUID.randomUUID();
    java.util.UUID contact = java.util.UUID.randomUUID();
    query(
        "insert into tenant (id, name, time_zone, default_region) values"
            + " ('other-msp', 'Other MSP', 'UTC', 'US')",
        Tuple.tuple());
    query(
        "insert into company (tenant_id, id, name, time_zone) values ('other-msp', $1, 'Zed',"
            + " 'UTC')",
        Tuple.of(company));
    query(
        "insert into contact (tenant_id, id, company_id, first_name, last_name, email) values"
            + " ('other-msp', $1, $2, 'Zoe', 'Zedson', 'zoe@zed.example')",
        Tuple.of(contact, company));
    return contact;
  }

  /** The id of the tenant's contact with this employee number. */
  public java.util.UUID contactId(String employeeId) {
    return query("select id from contact where employee_id = $1", Tuple.of(employeeId))
        .get(0)
        .getUUID(0);
  }

  /** Every audit event of a call, oldest first, as {@code kind} strings. */
  public List<String> auditKinds(String callSid) {
    return query("select kind from audit_event where call_sid = $1 order by id", Tuple.of(callSid))
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  /** Rows of a query on the service's database. */
  public List<Row> query(String sql, Tuple args) {
    List<Row> rows = new ArrayList<>();
    Await.result(checks.preparedQuery(sql).execute(args)).forEach(rows::add);
    return rows;
  }

  /** A count from the service's database. */
  public long count(String sql, Tuple args) {
    return query(sql, args).get(0).getLong(0);
  }

  @Override
  public void close() {
    Await.result(service.stop());
    if (ami != null) {
      try {
        ami.close();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    checks.close();
    twilioApi.stop();
    database.drop(vertx);
    Await.result(vertx.close());
  }
}
