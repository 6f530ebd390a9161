package io.callproof.twilio;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.phone.SimulatedCall;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls and texts are closed by the callbacks Twilio sends about them. */
class StatusCallbackTest {

  private static Helpdesk helpdesk;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start(Map.of("CALLPROOF_PUBLIC_URL", "https://callproof.example.net"));
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  @Test
  void hangUpMidVerification_abandonsItAndEndsTheCall() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK);
    Map<String, String> ringing = call.params("ringing");
    // Behind a proxy, Twilio signs the public URL, not the one the service listens on.
    var reply =
        helpdesk.twilio.post(
            "http://127.0.0.1:" + helpdesk.service.port() + "/twilio/voice",
            ringing,
            helpdesk.twilio.signatureFor("https://callproof.example.net/twilio/voice", ringing));
    assertThat(reply.status()).isEqualTo(200);

    Map<String, String> completed = call.params("completed");
    var status =
        helpdesk.twilio.post(
            "http://127.0.0.1:" + helpdesk.service.port() + "/twilio/voice/status",
            completed,
            helpdesk.twilio.signatureFor(
                "https://callproof.example.net/twilio/voice/status", completed));

    assertThat(status.status()).isEqualTo(204);
    assertThat(
            helpdesk
                .query(
                    "select status, reason from verification where call_sid = $1",
                    Tuple.of(call.sid()))
                .get(0)
                .toJson()
                .encode())
        .isEqualTo("{\"status\":\"abandoned\",\"reason\":\"call-ended\"}");
    assertThat(helpdesk.auditKinds(call.sid())).endsWith("verification-decided", "call-ended");
  }

  @Test
  void signatureForTheInternalUrl_isRefusedBehindAProxy() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();

    assertThat(call.lastReply().status()).isEqualTo(403);
  }

  @Test
  void textStatusCallback_recordsDelivery() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK);
    Map<String, String> ringing = call.params("ringing");
    helpdesk.twilio.post(
        "http://127.0.0.1:" + helpdesk.service.port() + "/twilio/voice",
        ringing,
        helpdesk.twilio.signatureFor("https://callproof.example.net/twilio/voice", ringing));
    helpdesk.codeTextedTo(DANA_MOBILE);
    var text = helpdesk.twilioApi.sent().get(helpdesk.twilioApi.sent().size() - 1);
    assertThat(text.statusCallback())
        .isEqualTo("https://callproof.example.net/twilio/messages/status");
    Await.until(
        () ->
            helpdesk.count(
                        "select count(*) from outbox_message where provider_id" + " = $1",
                        Tuple.of(text.sid()))
                    == 1
                ? true
                : null,
        java.time.Duration.ofSeconds(5),
        "the text to be marked sent");

    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", Helpdesk.ACCOUNT_SID);
    params.put("MessageSid", text.sid());
    params.put("MessageStatus", "delivered");
    params.put("To", DANA_MOBILE);
    var reply =
        helpdesk.twilio.post(
            "http://127.0.0.1:" + helpdesk.service.port() + "/twilio/messages/status",
            params,
            helpdesk.twilio.signatureFor(
                "https://callproof.example.net/twilio/messages/status", params));

    assertThat(reply.status()).isEqualTo(204);
    assertThat(
            helpdesk
                .query(
                    "select status from outbox_message where provider_id = $1",
                    Tuple.of(text.sid()))
                .get(0)
                .getString(0))
        .isEqualTo("delivered");
  }
}
