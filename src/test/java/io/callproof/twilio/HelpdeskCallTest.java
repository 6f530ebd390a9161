package io.callproof.twilio;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.DANA_WORK;
import static io.callproof.support.Helpdesk.HELPDESK;
import static io.callproof.support.Helpdesk.RANDY_PHONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.app.Callproof;
import io.callproof.phone.SimulatedCall;
import io.callproof.phone.SimulatedTwilio;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Helpdesk calls played as Twilio plays them, from ringing to the technician's badge. */
class HelpdeskCallTest {

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

  private SimulatedCall call(String from) {
    return helpdesk.twilio.call(from, HELPDESK).place();
  }

  @Test
  void rightCodeFirstTime_reachesTechnicianWithVerifiedBadge() {
    SimulatedCall call = call(DANA_MOBILE);

    assertThat(call.state()).isEqualTo(SimulatedCall.State.GATHERING);
    assertThat(String.join(" ", call.heard()))
        .contains("Acme IT helpdesk", "Hello Dana from Ajax Dental", "ending in 2, 1");
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));

    assertThat(call.state()).isEqualTo(SimulatedCall.State.DIALLING);
    assertThat(call.heard()).contains("Thank you, Dana. You are verified.");
    SimulatedCall.Leg softphone = call.legs().get(0);
    assertThat(softphone.kind()).isEqualTo("client");
    assertThat(softphone.target()).isEqualTo("randy");
    assertThat(softphone.parameters())
        .containsEntry("badge", "verified")
        .containsEntry("method", "sms-code")
        .containsEntry("contact", "Dana Reyes")
        .containsEntry("company", "Ajax Dental")
        .containsEntry("call", call.sid());
    assertThat(call.whisperFor(RANDY_PHONE))
        .singleElement()
        .asString()
        .contains("Verified caller: Dana Reyes from Ajax Dental, by text message code.");
  }

  @Test
  void rightCode_recordsEveryStepInTheAuditTrail() {
    SimulatedCall call = call(DANA_MOBILE);
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));
    assertThat(call.hangUp().status()).isEqualTo(204);

    assertThat(helpdesk.auditKinds(call.sid()))
        .containsExactly(
            "call-started",
            "caller-identified",
            "verification-started",
            "code-sent",
            "code-checked",
            "verification-decided",
            "call-routed",
            "call-ended");
    assertThat(
            helpdesk
                .query("select status from call where call_sid = $1", Tuple.of(call.sid()))
                .get(0)
                .getString(0))
        .isEqualTo("ended");
  }

  @Test
  void wrongThenRight_asksAgainThenVerifies() {
    SimulatedCall call = call(DANA_MOBILE);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    call.press(wrong(code));
    assertThat(call.heard()).contains("That code is not right. Tries left: 2.");
    assertThat(call.state()).isEqualTo(SimulatedCall.State.GATHERING);
    call.press(code);

    assertThat(call.legs().get(0).parameters()).containsEntry("badge", "verified");
  }

  @Test
  void threeWrongCodes_routeWithFailedBadge() {
    SimulatedCall call = call(DANA_MOBILE);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    call.press(wrong(code)).press(wrong(code)).press(wrong(code));

    assertThat(call.state()).isEqualTo(SimulatedCall.State.DIALLING);
    assertThat(String.join(" ", call.heard())).contains("no tries are left");
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "failed")
        .containsEntry("reason", "wrong-codes");
    assertThat(call.whisperFor(RANDY_PHONE).get(0))
        .contains("Verification failed for a caller claiming to be Dana Reyes");
  }

  @Test
  void rightCodeAfterThreeWrong_isTooLate() {
    SimulatedCall call = call(DANA_MOBILE);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);
    call.press(wrong(code)).press(wrong(code)).press(wrong(code));

    var retry = call.repost(call.gatherAction(), withDigits(call, code));

    assertThat(retry.body()).contains("name=\"badge\" value=\"failed\"");
  }

  @Test
  void expiredCode_routesWithFailedBadge() {
    SimulatedCall call = call(DANA_MOBILE);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    helpdesk.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    call.press(code);

    assertThat(call.heard()).anyMatch(s -> s.contains("That code has expired"));
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "failed")
        .containsEntry("reason", "code-expired");
  }

  @Test
  void workPhone_codeGoesToRegisteredMobileOnly() {
    int before = helpdesk.twilioApi.sent().size();

    SimulatedCall call = call(DANA_WORK);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);
    call.press(code);

    assertThat(helpdesk.twilioApi.sent().subList(before, helpdesk.twilioApi.sent().size()))
        .extracting(s -> s.to())
        .containsOnly(DANA_MOBILE);
    assertThat(call.legs().get(0).parameters()).containsEntry("badge", "verified");
  }

  @Test
  void text_isSentFromTenantNumberWithCodeAndLifetime() {
    SimulatedCall call = call(DANA_MOBILE);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    var text =
        helpdesk.twilioApi.sent().stream()
            .filter(s -> s.body().contains(code))
            .findFirst()
            .orElseThrow();
    assertThat(text.from()).isEqualTo("+12125550100");
    assertThat(text.body())
        .startsWith("Acme IT: your helpdesk code is " + code)
        .contains("expires in 5 minutes");
    assertThat(call.state()).isEqualTo(SimulatedCall.State.GATHERING);
  }

  @Test
  void silence_twice_failsAsNoAnswer() {
    SimulatedCall call = call(DANA_MOBILE);

    call.silence();
    assertThat(call.heard()).contains("We did not hear any digits.");
    call.silence();

    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "failed")
        .containsEntry("reason", "no-answer");
  }

  @Test
  void codeAndHash_neverStoredOrRecordedInClear() {
    SimulatedCall call = call(DANA_MOBILE);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);
    call.press(code);

    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where data::text like $1",
                Tuple.of("%" + code + "%")))
        .isZero();
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where data::text like $1",
                Tuple.of("%" + DANA_MOBILE + "%")))
        .isZero();
    assertThat(
            helpdesk.count(
                "select count(*) from outbox_message where body is not null"
                    + " and status = 'sent'",
                Tuple.tuple()))
        .isZero();
    assertThat(
            helpdesk.count(
                "select count(*) from verification where code_hash is not null"
                    + " and call_sid = $1",
                Tuple.of(call.sid())))
        .isZero();
  }

  static String wrong(String code) {
    char last = code.charAt(code.length() - 1);
    return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
  }

  static Map<String, String> withDigits(SimulatedCall call, String digits) {
    Map<String, String> params = call.params("in-progress");
    params.put("Digits", digits);
    params.put("FinishedOnKey", "");
    return params;
  }

  @Test
  void nextWebhook_onAnotherNode_carriesOnFromTheStoredStateAndVerifies() {
    Callproof other = helpdesk.anotherNode();
    try {
      SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
      String code = helpdesk.codeTextedTo(DANA_MOBILE);
      SimulatedTwilio otherNode =
          new SimulatedTwilio(
              URI.create("http://127.0.0.1:" + other.port()),
              Helpdesk.ACCOUNT_SID,
              Helpdesk.AUTH_TOKEN);
      URI action = URI.create(call.gatherAction());
      Map<String, String> params = call.params("in-progress");
      params.put("Digits", code);

      SimulatedTwilio.Reply reply =
          otherNode.post(action.getRawPath() + "?" + action.getRawQuery(), params);

      assertThat(other.port()).isNotEqualTo(helpdesk.service.port());
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).contains("<Dial").contains("value=\"verified\"");
      assertThat(helpdesk.callStatus(call.sid())).isEqualTo("routed");
    } finally {
      Await.result(other.stop());
    }
  }
}
