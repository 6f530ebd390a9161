package io.callproof.app;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callproof.phone.SimulatedCall;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.callproof.support.TestRoles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service as it runs in production: the schema migrated by an owner role, the service running
 * as a runtime role that may only insert and read audit events, and the audit chain, its API and
 * its commands working on top.
 */
class AuditRolesTest {

  private static final String TOKEN = "admin-token-for-tests-0123456789abcdef";
  private static final String TENANT = "acme-msp";

  private static final Vertx vertx = Vertx.vertx();
  private static TestRoles roles;
  private static Helpdesk helpdesk;
  private static Pool runtime;
  private static Pool owner;
  private static SimulatedCall verifiedCall;

  @BeforeAll
  static void start() throws Exception {
    roles = TestRoles.create(vertx);
    helpdesk =
        Helpdesk.start(
            roles, Map.of("CALLPROOF_ADMIN_TOKEN", TOKEN, "CALLPROOF_AUDIT_SEAL_SECONDS", "1"));
    runtime = pool(helpdesk.database.urlAs(roles.runtime()));
    owner = pool(helpdesk.database.urlAs(roles.owner()));
    verifiedCall = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    verifiedCall.press(helpdesk.codeTextedTo(DANA_MOBILE));
    verifiedCall.hangUp();
  }

  @AfterAll
  static void stop() {
    runtime.close();
    owner.close();
    helpdesk.close();
    roles.drop(vertx);
    Await.result(vertx.close());
  }

  private static Pool pool(String url) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgConnectOptions.fromUri(url))
        .using(helpdesk.vertx)
        .build();
  }

  @Test
  void service_runsAsTheRuntimeRole_andAVerifiedCallIsRecordedAndSealed() {
    String user =
        Await.result(helpdesk.service.database().pool().query("select current_user").execute())
            .iterator()
            .next()
            .getString(0);

    assertThat(user).isEqualTo(roles.runtime());
    assertThat(verifiedCall.legs()).isNotEmpty();
    assertThat(helpdesk.auditKinds(verifiedCall.sid())).contains("code-checked", "call-ended");
    awaitAllSealed();
  }

  @Test
  void runtimeRole_insertsAndReadsAuditEvents() {
    long before = count(runtime);

    Await.result(
        runtime
            .preparedQuery(
                "insert into audit_event (tenant_id, at, kind, data)"
                    + " values ($1, now(), 'role-test', '{}')")
            .execute(Tuple.of(TENANT)));

    assertThat(count(runtime)).isEqualTo(before + 1);
  }

  @Test
  void runtimeRole_cannotUpdateDeleteOrTruncateAuditEventsOrSeals() {
    for (String sql :
        new String[] {
          "update audit_event set kind = 'forged'",
          "delete from audit_event",
          "truncate audit_event",
          "update audit_seal set position = position + 1000",
          "delete from audit_seal",
          "truncate audit_seal",
        }) {
      assertThatThrownBy(() -> Await.result(runtime.query(sql).execute()))
          .as(sql)
          .isInstanceOf(PgException.class)
          .hasMessageContaining("permission denied")
          .extracting(e -> ((PgException) e).getSqlState())
          .isEqualTo("42501");
    }
  }

  @Test
  void runtimeRole_cannotSwitchOffTheAppendOnlyTriggers() {
    assertThatThrownBy(
            () ->
                Await.result(
                    runtime.query("alter table audit_event disable trigger user").execute()))
        .isInstanceOf(PgException.class)
        .hasMessageContaining("must be owner")
        .extracting(e -> ((PgException) e).getSqlState())
        .isEqualTo("42501");
  }

  @Test
  void owner_isStillRefusedChangesByTheTriggers() {
    assertThatThrownBy(
            () -> Await.result(owner.query("update audit_event set kind = 'forged'").execute()))
        .hasMessageContaining("audit events are append-only");
  }

  @Test
  void chainApi_answersTheCheckToTheAdminTokenOnly() throws Exception {
    awaitAllSealed();

    HttpResponse<String> refused = get("/api/audit/" + TENANT + "/chain", "wrong");
    HttpResponse<String> answered = get("/api/audit/" + TENANT + "/chain", TOKEN);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(answered.statusCode()).isEqualTo(200);
    JsonObject report = new JsonObject(answered.body());
    assertThat(report.getBoolean("intact")).isTrue();
    assertThat(report.getLong("length")).isPositive();
    assertThat(report.getJsonObject("head").getString("tenant")).isEqualTo(TENANT);
  }

  @Test
  void eventsApi_exportsTheCallAsCsv() throws Exception {
    HttpResponse<String> csv =
        get("/api/audit/" + TENANT + "/events?from=2026-11-01&to=2026-11-03&format=csv", TOKEN);

    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
    assertThat(csv.body()).startsWith("position,id,at,kind,call,contact,data,hash\r\n");
    assertThat(csv.body()).contains(verifiedCall.sid() + ",", ",code-checked,");
    assertThat(csv.body()).doesNotContain(DANA_MOBILE);
  }

  @Test
  void checkCommand_runsAsTheRuntimeRole_andSaysTheChainIsIntact() {
    awaitAllSealed();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        AuditCommands.check(
            helpdesk.service.settings(),
            new String[] {TENANT},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("tenant acme-msp: chain intact")
        .contains("contains the head exported at");
  }

  @Test
  void exportCommand_writesJsonForTheRange() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int status =
        AuditCommands.export(
            helpdesk.service.settings(),
            new String[] {
              TENANT, "--from", "2026-11-02T00:00:00Z", "--to", "2026-11-03", "--format", "json"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(status).isZero();
    JsonObject export = new JsonObject(out.toString(StandardCharsets.UTF_8));
    assertThat(export.getJsonArray("events")).isNotEmpty();
    assertThat(export.getJsonArray("events").getJsonObject(0).getString("at"))
        .startsWith("2026-11-02T");
  }

  private static long count(Pool pool) {
    return Await.result(pool.query("select count(*) from audit_event").execute())
        .iterator()
        .next()
        .getLong(0);
  }

  private static void awaitAllSealed() {
    Await.until(
        () ->
            helpdesk.count(
                        "select count(*) from audit_event e where not exists (select 1 from"
                            + " audit_seal s where s.tenant_id = e.tenant_id"
                            + " and s.event_id = e.id)",
                        Tuple.tuple())
                    == 0
                ? true
                : null,
        Duration.ofSeconds(20),
        "every audit event to be sealed");
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + helpdesk.service.port() + path))
            .header("Authorization", "Bearer " + token)
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
