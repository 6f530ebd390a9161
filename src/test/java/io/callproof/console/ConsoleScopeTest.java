package io.callproof.console;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.phone.SimulatedCall;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console over HTTP: what a signed-in user may reach (only their own MSP's calls, contacts and
 * verifications), the forms' CSRF tokens, presence deciding who is rung, and the softphone token.
 */
class ConsoleScopeTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String API_KEY_SID = Helpdesk.API_KEY_SID;
  private static final String TWIML_APP_SID = Helpdesk.TWIML_APP_SID;

  private static Helpdesk helpdesk;
  private static ConsoleClient randy;
  private static ConsoleClient stranger;
  private static String strangersCall = "CAstranger0000000000000000000000";
  private static UUID strangersContact;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start();
    otherTenant();
    ConsoleUsers users =
        new ConsoleUsers(helpdesk.vertx, helpdesk.service.database().pool(), new AuditTrail());
    Instant now = helpdesk.clock.instant();
    Await.result(
        users.add("acme-msp", "randy@acme.example", "Randy", "technician", "4821", PASSWORD, now));
    Await.result(users.add("other-msp", "zoe@other.example", "Zoe", "admin", null, PASSWORD, now));
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  /** Signs in afresh each test: moving the clock a day on ends yesterday's sessions. */
  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
    randy = ConsoleClient.signIn(helpdesk.service.port(), "randy@acme.example", PASSWORD);
    stranger = ConsoleClient.signIn(helpdesk.service.port(), "zoe@other.example", PASSWORD);
    randy.postForm("/console/presence", Map.of("presence", "available"));
  }

  /** Another MSP in the same installation, with a company, a contact and a call of its own. */
  private static void otherTenant() {
    strangersContact = helpdesk.otherMspsContact();
    helpdesk.query(
        "insert into call (tenant_id, call_sid, line, from_number, flow, step, facts, turn,"
            + " badge, status, started_at, updated_at) values ('other-msp', $1, 'twilio',"
            + " '+12125550999', 'helpdesk', 'ask-code', '{}', 1,"
            + " '{\"badge\": \"pending\", \"contact\": \"Zoe Zedson\"}', 'in-flow', now(), now())",
        Tuple.of(strangersCall));
  }

  @Test
  void anotherMspsCall_isNotFound_andNotListed() {
    SimulatedCall own = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();

    HttpResponse<String> theirs = randy.get("/console/calls/" + strangersCall);
    HttpResponse<String> mine = randy.get("/console/calls/" + own.sid());
    String list = randy.get("/console/calls/list").body();

    assertThat(theirs.statusCode()).isEqualTo(404);
    assertThat(theirs.body()).doesNotContain("Zoe");
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.body()).contains("Dana Reyes", "call-started");
    assertThat(list).contains(own.sid()).doesNotContain(strangersCall);
  }

  @Test
  void anotherMspsContact_cannotBeFoundOrVerified() {
    HttpResponse<String> search = randy.get("/console/verify?q=zoe");
    HttpResponse<String> start =
        randy.postForm(
            "/console/verify", Map.of("contact", strangersContact.toString(), "method", "sms"));
    HttpResponse<String> ownSearch = stranger.get("/console/verify?q=dana");

    assertThat(search.body()).contains("Nobody matches").doesNotContain("Zedson");
    assertThat(start.statusCode()).isEqualTo(404);
    assertThat(ownSearch.body()).contains("Nobody matches").doesNotContain("Reyes");
  }

  @Test
  void anotherMspsVerification_isNotFound() {
    String dana =
        helpdesk
            .query("select id from contact where first_name = 'Dana'", Tuple.tuple())
            .get(0)
            .getUUID(0)
            .toString();
    HttpResponse<String> started =
        randy.postForm("/console/verify", Map.of("contact", dana, "method", "sms"));
    String location = started.headers().firstValue("Location").orElseThrow();

    HttpResponse<String> theirs = stranger.get(location + "/status");
    HttpResponse<String> mine = randy.get(location + "/status");

    assertThat(started.statusCode()).isEqualTo(303);
    assertThat(theirs.statusCode()).isEqualTo(404);
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(mine.body()).getString("status")).isEqualTo("pending");
  }

  @Test
  void eventsOfACall_areListedAndExported_andNotToAnotherMsp() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    String day =
        helpdesk
            .clock
            .instant()
            .atZone(java.time.ZoneId.of("America/New_York"))
            .toLocalDate()
            .toString();
    String range = "?from=" + day + "&to=" + day + "&call=" + call.sid();

    HttpResponse<String> page = randy.get("/console/events" + range);
    HttpResponse<String> csv = randy.get("/console/events.csv" + range);
    HttpResponse<String> theirs = stranger.get("/console/events.csv" + range);

    assertThat(page.body()).contains("call-started", "code-sent", "Audit chain intact");
    assertThat(csv.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(csv.body().lines()).first().isEqualTo("position,id,at,kind,call,contact,data,hash");
    assertThat(csv.body().lines().skip(1)).allMatch(line -> line.contains(call.sid()));
    assertThat(csv.body()).contains("call-started").doesNotContain(DANA_MOBILE);
    assertThat(theirs.body().lines()).hasSize(1);
  }

  @Test
  void formWithoutTheCsrfToken_isRefused_andChangesNothing() {
    HttpResponse<String> answer = randy.post("/console/presence", Map.of("presence", "away"));

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(presence()).isEqualTo("available");
  }

  @Test
  void presenceAway_takesTheTechnicianOutOfRouting() {
    randy.postForm("/console/presence", Map.of("presence", "away"));
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));

    assertThat(presence()).isEqualTo("away");
    assertThat(call.legs()).noneMatch(leg -> "client".equals(leg.kind()));
  }

  @Test
  void presenceAvailable_ringsTheTechniciansSoftphone() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));

    assertThat(call.legs()).anyMatch(leg -> "client".equals(leg.kind()));
  }

  private static String presence() {
    return helpdesk
        .query(
            "select presence || '/' || available from technician where tenant_id = 'acme-msp'"
                + " and id = '4821'",
            Tuple.tuple())
        .get(0)
        .getString(0)
        .replace("/true", "")
        .replace("/false", "");
  }

  /** The tenant file names the API key, its secret's variable and the TwiML application. */
  @Test
  void softphoneToken_carriesTheTenantsKeyAppAndTheTechniciansIdentity() {
    long before = Instant.now().getEpochSecond();

    HttpResponse<String> answer = randy.get("/console/softphone-token");
    String jwt = new JsonObject(answer.body()).getString("token");
    String[] parts = jwt.split("\\.");
    JsonObject header = decode(parts[0]);
    JsonObject claims = decode(parts[1]);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(parts).hasSize(3);
    assertThat(header.getString("alg")).isEqualTo("HS256");
    assertThat(header.getString("cty")).isEqualTo("twilio-fpa;v=1");
    assertThat(claims.getString("iss")).isEqualTo(API_KEY_SID);
    assertThat(claims.getString("sub")).isEqualTo(Helpdesk.ACCOUNT_SID);
    assertThat(claims.getString("jti")).startsWith(API_KEY_SID + "-");
    JsonObject grants = claims.getJsonObject("grants");
    assertThat(grants.getString("identity")).isEqualTo("randy");
    JsonObject voice = grants.getJsonObject("voice");
    assertThat(voice.getJsonObject("incoming").getBoolean("allow")).isTrue();
    assertThat(voice.getJsonObject("outgoing").getString("application_sid"))
        .isEqualTo(TWIML_APP_SID);
    assertThat(claims.getLong("exp") - before)
        .isBetween(SoftphoneTokens.TTL_SECONDS - 5L, SoftphoneTokens.TTL_SECONDS + 5L);
  }

  @Test
  void softphoneToken_forSomeoneWithoutATechnician_isNotFound() {
    assertThat(stranger.get("/console/softphone-token").statusCode()).isEqualTo(404);
  }

  private static JsonObject decode(String part) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }
}
