package io.callproof.twilio;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static io.callproof.support.Helpdesk.PAT_MOBILE;
import static io.callproof.support.Helpdesk.SHARED_WORK;
import static io.callproof.support.Helpdesk.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.phone.SimulatedCall;
import io.callproof.phone.SimulatedTwilio;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhooks that are not what they should be: forged, from strangers, retried, with odd input, and
 * callers who cannot be verified. None may change anything it should not, and none may give a
 * verified badge.
 */
class WebhookSecurityTest {

  private static Helpdesk helpdesk;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start();
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  private long calls() {
    return helpdesk.count("select count(*) from call", Tuple.tuple());
  }

  private long texts() {
    return helpdesk.count("select count(*) from outbox_message", Tuple.tuple());
  }

  @Test
  void forgedSignature_gets403AndChangesNothing() {
    long before = calls();
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK);

    var reply =
        helpdesk.twilio.post(
            "/twilio/voice", call.params("ringing"), "bm90IGEgcmVhbCBzaWduYXR1cmU=");

    assertThat(reply.status()).isEqualTo(403);
    assertThat(calls()).isEqualTo(before);
  }

  @Test
  void missingSignature_gets403() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK);

    assertThat(helpdesk.twilio.post("/twilio/voice", call.params("ringing"), null).status())
        .isEqualTo(403);
  }

  @Test
  void signatureOverOtherParameters_gets403() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK);
    Map<String, String> signed = call.params("ringing");
    Map<String, String> sent = new HashMap<>(signed);
    sent.put("From", UNKNOWN);

    var reply =
        helpdesk.twilio.post(
            "/twilio/voice", sent, helpdesk.twilio.signatureFor("/twilio/voice", signed));

    assertThat(reply.status()).isEqualTo(403);
  }

  @Test
  void unknownAccount_gets403() {
    long before = calls();
    SimulatedTwilio stranger =
        new SimulatedTwilio(
            URI.create("http://127.0.0.1:" + helpdesk.service.port()),
            "ACffffffffffffffffffffffffffffffff",
            "someone-elses-token");

    SimulatedCall call = stranger.call(DANA_MOBILE, HELPDESK).place();

    assertThat(call.lastReply().status()).isEqualTo(403);
    assertThat(calls()).isEqualTo(before);
  }

  @Test
  void noCallSid_gets400() {
    Map<String, String> params =
        Map.of("AccountSid", Helpdesk.ACCOUNT_SID, "From", DANA_MOBILE, "To", HELPDESK);

    assertThat(helpdesk.twilio.post("/twilio/voice", params).status()).isEqualTo(400);
  }

  @Test
  void bodyOverSixtyFourKilobytes_gets413AndChangesNothing() {
    long before = calls();
    Map<String, String> params =
        new HashMap<>(helpdesk.twilio.call(DANA_MOBILE, HELPDESK).params("ringing"));
    params.put("CallerName", "x".repeat(70 * 1024));

    assertThat(helpdesk.twilio.post("/twilio/voice", params).status()).isEqualTo(413);
    assertThat(calls()).isEqualTo(before);
  }

  @Test
  void parametersWithSpacesPlusSignsAndAccents_areReadAsSigned() {
    Map<String, String> params =
        new HashMap<>(helpdesk.twilio.call(DANA_MOBILE, HELPDESK).params("ringing"));
    params.put("CallerName", "Zoë O'Brien; Jr. + Sons & Co = 100%");

    SimulatedTwilio.Reply reply = helpdesk.twilio.post("/twilio/voice", params);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).contains("<Gather");
  }

  @Test
  void stirVerstatAddedAfterSigning_isAccepted() {
    SimulatedCall call =
        helpdesk.twilio.call(DANA_MOBILE, HELPDESK).with("StirVerstat", "TN-Validation-Passed-A");
    Map<String, String> sent = call.params("ringing");
    Map<String, String> signed = new HashMap<>(sent);
    signed.remove("StirVerstat");

    var reply =
        helpdesk.twilio.post(
            "/twilio/voice", sent, helpdesk.twilio.signatureFor("/twilio/voice", signed));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).contains("<Gather");
  }

  @Test
  void retriedWebhook_getsSameAnswerAndChangesNothing() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    String code = helpdesk.codeTextedTo(DANA_MOBILE);
    String action = call.gatherAction();
    Map<String, String> wrongEntry =
        HelpdeskCallTest.withDigits(call, HelpdeskCallTest.wrong(code));
    String first = call.repost(action, wrongEntry).body();
    long events = helpdesk.count("select count(*) from audit_event", Tuple.tuple());
    long sent = texts();

    String again = call.repost(action, wrongEntry).body();

    assertThat(again).isEqualTo(first).contains("Tries left: 2");
    assertThat(helpdesk.count("select count(*) from audit_event", Tuple.tuple())).isEqualTo(events);
    assertThat(texts()).isEqualTo(sent);
    assertThat(
            helpdesk
                .query(
                    "select wrong_entries from verification where call_sid = $1",
                    Tuple.of(call.sid()))
                .get(0)
                .getInteger(0))
        .isEqualTo(1);
  }

  @Test
  void retriedIncomingCall_getsSameAnswerAndSendsNoSecondCode() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK);
    Map<String, String> params = call.params("ringing");
    String first = helpdesk.twilio.post("/twilio/voice", params).body();
    long sent = texts();

    String again = helpdesk.twilio.post("/twilio/voice", params).body();

    assertThat(again).isEqualTo(first);
    assertThat(texts()).isEqualTo(sent);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12ab56", "１２３４５６", "*12345", "12 345"})
  void oddDigits_countAsWrongEntry(String digits) {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();

    call.press(digits);

    assertThat(call.lastReply().status()).isEqualTo(200);
    assertThat(call.heard()).contains("That code is not right. Tries left: 2.");
  }

  @Test
  void fiveHundredDigits_countAsWrongEntry() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();

    call.press("7".repeat(500));

    assertThat(call.lastReply().status()).isEqualTo(200);
    assertThat(call.heard()).contains("That code is not right. Tries left: 2.");
  }

  @Test
  void unknownCaller_isRoutedUnverifiedWithoutCode() {
    long sent = texts();

    SimulatedCall call = helpdesk.twilio.call(UNKNOWN, HELPDESK).place();

    assertThat(call.state()).isEqualTo(SimulatedCall.State.DIALLING);
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "unverified")
        .containsEntry("reason", "unknown-number")
        .doesNotContainKey("contact");
    assertThat(texts()).isEqualTo(sent);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+266696687", "anonymous", "Restricted", ""})
  void withheldCaller_whoKeysNothingIn_isRoutedUnverifiedWithoutCode(String from) {
    long sent = texts();

    SimulatedCall call = helpdesk.twilio.call(from, HELPDESK).place();
    assertThat(call.heard()).anyMatch(s -> s.contains("type your employee number"));
    call.silence();

    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "unverified")
        .containsEntry("reason", "withheld-number");
    assertThat(texts()).isEqualTo(sent);
  }

  @Test
  void sharedNumber_withAnUnknownEmployeeNumber_isRoutedUnverifiedWithoutCode() {
    long sent = texts();

    SimulatedCall call = helpdesk.twilio.call(SHARED_WORK, HELPDESK).place();
    call.press("999999");

    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "unverified")
        .containsEntry("reason", "shared-number");
    assertThat(texts()).isEqualTo(sent);
  }

  @Test
  void disabledContact_failsAtOnceWithoutCode() {
    long sent = texts();

    SimulatedCall call = helpdesk.twilio.call(PAT_MOBILE, HELPDESK).place();

    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "failed")
        .containsEntry("reason", "contact-disabled");
    assertThat(texts()).isEqualTo(sent);
  }

  @Test
  void sixthCodeInTenMinutes_isNotSent() {
    for (int i = 0; i < 5; i++) {
      helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    }
    long sent = texts();

    SimulatedCall sixth = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();

    assertThat(texts()).isEqualTo(sent);
    assertThat(sixth.heard()).anyMatch(s -> s.contains("We cannot send you a code right now"));
    assertThat(sixth.legs().get(0).parameters())
        .containsEntry("badge", "caller-id")
        .containsEntry("reason", "send-limit");
  }

  @Test
  void turnWithoutNumber_gets400() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();

    var reply = call.repost("/twilio/voice/turn?turn=abc", call.params("in-progress"));

    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void numberWithoutFlow_getsFallback() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, "+12125550112").place();

    assertThat(call.state()).isEqualTo(SimulatedCall.State.DIALLING);
    assertThat(call.legs())
        .singleElement()
        .extracting(SimulatedCall.Leg::target)
        .isEqualTo("+12125550199");
  }
}
