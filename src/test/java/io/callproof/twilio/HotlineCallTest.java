package io.callproof.twilio;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.console.ApiTokens;
import io.callproof.phone.SimulatedCall;
import io.callproof.support.Api;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.callproof.support.LogCapture;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verification hotline over webhooks: a verified contact hears whether a technician called
 * them, and anyone may check a technician ID; the helpdesk line offers a recent caller back.
 */
class HotlineCallTest {

  private static final String HOTLINE = "+12125550113";

  private static Helpdesk helpdesk;
  private static Api api;
  private static String dana;
  private LogCapture log;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.startWithPublicUrl(Helpdesk.TEST_TENANT, Map.of());
    String token =
        Await.result(
            ApiTokens.issue(
                helpdesk.service.database().pool(),
                new AuditTrail(),
                "acme-msp",
                "4821",
                helpdesk.clock.instant()));
    api = new Api(helpdesk.service.port(), token);
    dana = helpdesk.contactId("1001").toString();
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
    log = new LogCapture();
  }

  @AfterEach
  void stopCapture() {
    log.close();
  }

  private static void randyCallsDana() {
    assertThat(api.post("/api/calls", new JsonObject().put("contact", dana)).status())
        .isEqualTo(201);
  }

  /** Dana calls the line and types the code texted to her registered mobile. */
  private static SimulatedCall verifiedCall(String line) {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, line).place();
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));
    return call;
  }

  private static String heard(SimulatedCall call) {
    return String.join(" ", call.heard());
  }

  private static List<Row> alerts(SimulatedCall call) {
    return helpdesk.query(
        "select data->>'alert', data->>'reason' from audit_event"
            + " where kind = 'hotline-no-call' and call_sid = $1 order by id",
        Tuple.of(call.sid()));
  }

  @Test
  void hotline_afterARecentCall_namesTheTechnicianAndConnectsToThem() {
    randyCallsDana();
    helpdesk.clock.advance(Duration.ofMinutes(5));

    SimulatedCall call = verifiedCall(HOTLINE);
    assertThat(heard(call))
        .contains("Thank you, Dana. You are verified.")
        .containsPattern(
            "Randy Smith from Acme IT called you today at [0-9]{1,2}:[0-9]{2} (AM|PM)");
    call.press("1");

    assertThat(call.state()).isEqualTo(SimulatedCall.State.DIALLING);
    assertThat(call.legs()).extracting(SimulatedCall.Leg::target).contains("randy");
    assertThat(call.legs().get(0).parameters()).containsEntry("badge", "verified");
    assertThat(alerts(call)).isEmpty();
  }

  @Test
  void hotline_afterACallOutsideTheWindow_saysNobodyCalled() {
    randyCallsDana();
    helpdesk.clock.advance(Duration.ofHours(25));

    SimulatedCall call = verifiedCall(HOTLINE);

    assertThat(heard(call)).contains("Nobody from Acme IT has called you in the last 24 hours");
    assertThat(heard(call)).doesNotContain("Randy");
  }

  @Test
  void hotline_withNoCallOnRecord_warnsTheCallerAndRaisesAnAlert() {
    SimulatedCall call = verifiedCall(HOTLINE);

    assertThat(heard(call))
        .contains(
            "Nobody from Acme IT has called you in the last 24 hours",
            "do not give them any password or code, and do not let them connect to your computer",
            "Press 1 to report this to the Acme IT helpdesk");
    assertThat(alerts(call)).hasSize(1);
    assertThat(alerts(call).get(0).getString(0)).isEqualTo("possible-impersonation");
    assertThat(alerts(call).get(0).getString(1)).isEqualTo("no-recent-call");
    assertThat(log.problems())
        .anySatisfy(line -> assertThat(line).startsWith("WARN").contains("possible impersonation"));
    assertThat(String.join("\n", log.lines())).doesNotContain(DANA_MOBILE);
    call.press("1");
    assertThat(call.state()).isEqualTo(SimulatedCall.State.DIALLING);
  }

  @Test
  void hotline_genuineTechnicianId_toAVerifiedContactTheyCalled_saysSoWithTheTime() {
    randyCallsDana();
    SimulatedCall call = verifiedCall(HOTLINE);
    call.press("2");

    call.press("4821");

    assertThat(heard(call))
        .containsPattern(
            "Technician ID 4, 8, 2, 1 belongs to Randy Smith, who works at Acme IT and called you"
                + " today at");
    assertThat(call.lastHeard()).startsWith("Press 1 to be connected to Randy Smith");
    assertThat(call.state()).isEqualTo(SimulatedCall.State.GATHERING);
  }

  @Test
  void hotline_genuineTechnicianIdWhoDidNotCall_warnsAndAlerts() {
    SimulatedCall call = verifiedCall(HOTLINE);
    call.press("2");

    call.press("4821");

    assertThat(heard(call))
        .contains("belongs to Randy Smith, who works at Acme IT, but Randy Smith has not called");
    assertThat(alerts(call))
        .extracting(r -> r.getString(1))
        .containsExactly("no-recent-call", "technician-did-not-call");
  }

  @Test
  void hotline_formerTechniciansId_isNotGenuineAndNamesNobody() {
    SimulatedCall call = verifiedCall(HOTLINE);
    call.press("2");

    call.press("4790");

    assertThat(heard(call))
        .contains("Technician ID 4, 7, 9, 0 does not belong to anyone who works at Acme IT now");
    assertThat(heard(call)).doesNotContain("Bob", "Hale");
    assertThat(alerts(call)).extracting(r -> r.getString(1)).contains("former-technician");
  }

  @Test
  void hotline_madeUpTechnicianId_isNotATechnicianId() {
    SimulatedCall call = verifiedCall(HOTLINE);
    call.press("2");

    call.press("5555");

    assertThat(heard(call)).contains("That is not a technician ID at Acme IT.");
    assertThat(alerts(call)).extracting(r -> r.getString(1)).contains("unknown-technician");
  }

  @Test
  void hotline_unverifiedCaller_learnsOnlyWhetherTheIdIsGenuine() {
    randyCallsDana();
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HOTLINE).place();
    helpdesk.codeTextedTo(DANA_MOBILE);
    call.press("000000").press("000001").press("000002");
    assertThat(heard(call))
        .contains("We could not confirm who you are")
        .doesNotContain("called you");

    call.press("4821");

    assertThat(call.heard())
        .contains("Technician ID 4, 8, 2, 1 belongs to Randy Smith, who works at Acme IT.");
    assertThat(heard(call)).doesNotContain("called you", "today at", "hours");
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where kind = 'recent-call-found'"
                    + " and call_sid = $1",
                Tuple.of(call.sid())))
        .isZero();
  }

  @Test
  void helpdesk_verifiedCallerWhomATechnicianJustCalled_isOfferedThatTechnicianBack() {
    randyCallsDana();
    helpdesk.clock.advance(Duration.ofMinutes(3));

    SimulatedCall call = verifiedCall(HELPDESK);
    assertThat(heard(call))
        .contains(
            "Randy Smith from Acme IT called you a few minutes ago. Press 1 to be connected back"
                + " to Randy Smith");
    call.press("1");

    assertThat(call.state()).isEqualTo(SimulatedCall.State.DIALLING);
    assertThat(call.heard()).contains("Connecting you to Randy Smith now.");
    assertThat(call.legs()).extracting(SimulatedCall.Leg::target).contains("randy");
    assertThat(
            helpdesk
                .query(
                    "select data->>'technician' from audit_event where kind = 'call-routed'"
                        + " and call_sid = $1",
                    Tuple.of(call.sid()))
                .get(0)
                .getString(0))
        .isEqualTo("4821");
  }
}
