package io.callproof.asterisk;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.console.ApiTokens;
import io.callproof.support.AgiPeer;
import io.callproof.support.Api;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verification hotline over FastAGI: the same flow file as on Twilio, the same outcomes. With
 * no rendered name files here, the line speaks a technician's ID where their name would be.
 * Technicians' calls are placed through the API, which originates them over AMI.
 */
class AsteriskHotlineTest {

  private static final String HOTLINE = "+12125550113";

  private static Helpdesk helpdesk;
  private static Api api;
  private static String dana;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.withAsterisk(Map.of());
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
    helpdesk.awaitAmiLoggedIn();
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  private static void randyCallsDana() {
    assertThat(api.post("/api/calls", new JsonObject().put("contact", dana)).status())
        .isEqualTo(201);
  }

  /** Dana calls the hotline and types the code texted to her registered mobile. */
  private AgiPeer verifiedHotlineCall() throws IOException {
    AgiPeer call = hotlineCall();
    call.untilGetData();
    call.reply("200 result=" + helpdesk.codeTextedTo(DANA_MOBILE));
    return call;
  }

  private static List<String> alertReasons(AgiPeer call) {
    return helpdesk
        .query(
            "select data->>'reason' from audit_event where kind = 'hotline-no-call'"
                + " and data->>'alert' = 'possible-impersonation' and call_sid = $1 order by id",
            Tuple.of(call.callSid()))
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  private AgiPeer hotlineCall() throws IOException {
    return AgiPeer.call(
        helpdesk.service.asterisk().orElseThrow().agiPort(),
        InetAddress.getByName("127.0.0.1"),
        "hotline",
        DANA_MOBILE,
        HOTLINE);
  }

  @Test
  void verifiedCallerWithNoCallOnRecord_isWarned_theMspAlerted_andCanReportIt() throws IOException {
    AgiPeer call = hotlineCall();
    call.untilGetData();
    call.reply("200 result=" + helpdesk.codeTextedTo(DANA_MOBILE));

    String offer = call.untilGetData();
    call.reply("200 result=1");
    call.toEnd();

    assertThat(call.heard()).contains("callproof/en-US/no-call-on-record-0");
    assertThat(offer).contains("offer-report");
    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "verified")
        .containsEntry("AJ_AGISTATUS", "SUCCESS");
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where call_sid = $1"
                    + " and data->>'alert' = 'possible-impersonation'",
                Tuple.of(call.callSid())))
        .isEqualTo(1);
  }

  @Test
  void verifiedCallerAfterARecentCall_hearsWhichTechnician_andIsConnectedToThem()
      throws IOException {
    long calledAt = helpdesk.clock.instant().getEpochSecond();
    randyCallsDana();
    helpdesk.clock.advance(Duration.ofMinutes(5));

    AgiPeer call = verifiedHotlineCall();
    String offer = call.untilGetData();
    call.reply("200 result=1");
    call.toEnd();

    assertThat(call.heard())
        .containsSubsequence(
            "callproof/en-US/verified-0",
            "digits:4821",
            "callproof/en-US/recent-call-0",
            "callproof/en-US/recent-call-1",
            "datetime:" + calledAt)
        .doesNotContain("callproof/en-US/no-call-on-record-0");
    assertThat(offer).contains("offer-technician");
    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "verified")
        .containsEntry("CALLPROOF_TARGETS", "PJSIP/randy");
    assertThat(alertReasons(call)).isEmpty();
  }

  @Test
  void verifiedCallerAfterACallOutsideTheWindow_hearsThatNobodyCalled() throws IOException {
    randyCallsDana();
    helpdesk.clock.advance(Duration.ofHours(25));

    AgiPeer call = verifiedHotlineCall();
    String offer = call.untilGetData();
    call.reply("200 result=2");
    call.untilGetData();
    call.hangUp().toEnd();

    assertThat(offer).contains("offer-report");
    assertThat(call.heard())
        .contains("callproof/en-US/no-call-on-record-0")
        .doesNotContain("callproof/en-US/recent-call-0", "digits:4821");
    assertThat(alertReasons(call)).containsExactly("no-recent-call");
  }

  @Test
  void genuineTechnicianId_toAVerifiedContactTheyCalled_saysTheyCalled() throws IOException {
    randyCallsDana();
    AgiPeer call = verifiedHotlineCall();
    call.untilGetData();
    call.reply("200 result=2");

    String askId = call.untilGetData();
    call.reply("200 result=4821");
    String offer = call.untilGetData();
    call.hangUp().toEnd();

    assertThat(askId).contains("ask-technician-id");
    assertThat(call.heard())
        .contains("callproof/en-US/technician-called-0")
        .doesNotContain("callproof/en-US/technician-not-called-0");
    assertThat(offer).contains("offer-technician");
    assertThat(alertReasons(call)).isEmpty();
  }

  @Test
  void formerTechniciansId_isNotGenuine_andRaisesTheAlert() throws IOException {
    AgiPeer call = verifiedHotlineCall();
    call.untilGetData();
    call.reply("200 result=2");

    call.untilGetData();
    call.reply("200 result=4790");
    String offer = call.untilGetData();
    call.hangUp().toEnd();

    assertThat(call.heard())
        .contains("callproof/en-US/technician-former-0", "digits:4790")
        .doesNotContain("callproof/en-US/technician-genuine-0");
    assertThat(offer).contains("offer-helpdesk");
    assertThat(alertReasons(call)).containsExactly("no-recent-call", "former-technician");
  }

  @Test
  void madeUpTechnicianId_isNotATechnicianId_andRaisesTheAlert() throws IOException {
    AgiPeer call = verifiedHotlineCall();
    call.untilGetData();
    call.reply("200 result=2");

    call.untilGetData();
    call.reply("200 result=5555");
    call.untilGetData();
    call.hangUp().toEnd();

    assertThat(call.heard()).contains("callproof/en-US/technician-unknown-0");
    assertThat(alertReasons(call)).containsExactly("no-recent-call", "unknown-technician");
  }

  @Test
  void unverifiedCaller_learnsOnlyWhetherTheIdIsGenuine() throws IOException {
    randyCallsDana();
    AgiPeer call = hotlineCall();
    helpdesk.codeTextedTo(DANA_MOBILE);
    for (String wrong : List.of("000000", "000001", "000002")) {
      call.untilGetData();
      call.reply("200 result=" + wrong);
    }

    call.untilGetData();
    call.reply("200 result=4821");
    call.untilGetData();
    call.hangUp().toEnd();

    assertThat(call.heard())
        .contains("callproof/en-US/hotline-unverified-0", "callproof/en-US/technician-genuine-0")
        .doesNotContain(
            "callproof/en-US/recent-call-0",
            "callproof/en-US/technician-called-0",
            "callproof/en-US/technician-not-called-0");
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where kind = 'recent-call-found'"
                    + " and call_sid = $1",
                Tuple.of(call.callSid())))
        .isZero();
  }

  @Test
  void helpdeskCallback_verifiedCallerWhomATechnicianJustCalled_isConnectedBackToThem()
      throws IOException {
    randyCallsDana();
    helpdesk.clock.advance(Duration.ofMinutes(3));

    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    call.untilGetData();
    call.reply("200 result=" + helpdesk.codeTextedTo(DANA_MOBILE));
    String offer = call.untilGetData();
    call.reply("200 result=1");
    call.toEnd();

    assertThat(offer).contains("callback-offer");
    assertThat(call.heard()).contains("callproof/en-US/connecting-technician-0");
    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "verified")
        .containsEntry("CALLPROOF_TARGETS", "PJSIP/randy");
    assertThat(
            helpdesk
                .query(
                    "select data->>'technician' from audit_event where kind = 'call-routed'"
                        + " and call_sid = $1",
                    Tuple.of(call.callSid()))
                .get(0)
                .getString(0))
        .isEqualTo("4821");
  }
}
