package io.callproof.twilio;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static io.callproof.twilio.HelpdeskCallTest.wrong;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.crypto.Sealer;
import io.callproof.phone.SimulatedCall;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.callproof.verify.ApprovalAnswer;
import io.callproof.verify.VerificationPolicy;
import io.callproof.verify.VerificationService;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The budget of 3 wrong entries belongs to the verification: a switch from a push approval to a
 * texted code does not reset it. Dana has an enrolled device here, so her calls start with a push.
 */
class WrongEntriesTest {

  private static Helpdesk helpdesk;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.startWithPublicUrl(Helpdesk.POLICY_TENANT, Map.of());
    helpdesk.query(
        "insert into push_device (tenant_id, id, contact_id, endpoint, p256dh, auth, label,"
            + " enrolled_at) values ('acme-msp', $1, $2, 'https://push.example/dana',"
            + " $4, $5, 'Dana''s phone', $3)",
        Tuple.of(
            UUID.randomUUID(),
            helpdesk.contactId("1001"),
            helpdesk.clock.instant().minus(Duration.ofDays(30)).atOffset(java.time.ZoneOffset.UTC),
            devicePublicKey(),
            base64Url(new byte[16])));
  }

  /**
   * A real P-256 key, as a phone's browser makes one, so that the worker can encrypt the push and
   * only then fails to reach push.example: the message waits for a retry and keeps its sealed body,
   * which {@link #answerApproval} reads. (With a key that cannot be read the push is refused at
   * once and its body wiped, and the test raced the worker for it.)
   */
  private static String devicePublicKey() throws Exception {
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
    generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    java.security.spec.ECPoint w =
        ((java.security.interfaces.ECPublicKey) generator.generateKeyPair().getPublic()).getW();
    byte[] raw = new byte[65];
    raw[0] = 4;
    copyUnsigned(w.getAffineX().toByteArray(), raw, 1);
    copyUnsigned(w.getAffineY().toByteArray(), raw, 33);
    return base64Url(raw);
  }

  private static void copyUnsigned(byte[] value, byte[] into, int at) {
    int length = Math.min(value.length, 32);
    System.arraycopy(value, value.length - length, into, at + 32 - length, length);
  }

  private static String base64Url(byte[] bytes) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
  void pushThenStar_switchesToATextedCode() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();

    assertThat(String.join(" ", call.heard())).contains("sent an approval request to your phone");
    assertThat(call.state()).isEqualTo(SimulatedCall.State.GATHERING);
    call.silence();
    assertThat(call.state()).isEqualTo(SimulatedCall.State.GATHERING);
    call.press("*");

    assertThat(call.lastHeard()).isEqualTo("Please type the code on your keypad now.");
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "verified")
        .containsEntry("method", "sms-code");
  }

  @Test
  void wrongNumberOnThePush_thenTwoWrongCodes_failsTheVerification() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    ApprovalAnswer typed = answerApproval(call, "00");
    assertThat(typed.result()).isEqualTo(io.callproof.verify.CodeCheck.Result.WRONG);

    call.press("*");
    String code = helpdesk.codeTextedTo(DANA_MOBILE);
    call.press(wrong(code));
    assertThat(call.heard()).contains("That code is not right. Tries left: 1.");
    call.press(wrong(code));

    assertThat(String.join(" ", call.heard())).contains("no tries are left");
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "failed")
        .containsEntry("reason", "wrong-codes");
    assertThat(
            helpdesk
                .query(
                    "select wrong_entries from verification where call_sid = $1",
                    Tuple.of(call.sid()))
                .get(0)
                .getInteger(0))
        .isEqualTo(3);
  }

  /**
   * Types a number on the approval page of the call's push, as the contact's phone would. The page
   * itself is not built yet, so the test reads the link from the queued push (sealed under the
   * installation key, which the test knows) and answers through the verification service.
   */
  private static ApprovalAnswer answerApproval(SimulatedCall call, String number) {
    byte[] sealed =
        helpdesk
            .query(
                "select m.body from outbox_message m join verification v"
                    + " on v.tenant_id = m.tenant_id and v.id = m.verification_id"
                    + " where v.call_sid = $1 and m.channel = 'push'",
                Tuple.of(call.sid()))
            .get(0)
            .getBuffer(0)
            .getBytes();
    Sealer sealer = new Sealer(helpdesk.service.settings().installationKey().orElseThrow());
    String url = new JsonObject(sealer.open(sealed, "outbox-body:acme-msp")).getString("url");
    String token = url.substring(url.lastIndexOf('/') + 1);
    VerificationService verification =
        new VerificationService(figures(), null, null, null, Optional.empty(), false);
    Pool pool = helpdesk.database.pool(helpdesk.vertx);
    try {
      return Await.result(
          pool.withTransaction(
              tx -> verification.answerApproval(tx, token, number, helpdesk.clock.instant())));
    } finally {
      pool.close();
    }
  }

  /** The installation's default figures, which the service under test runs with. */
  private static VerificationPolicy figures() {
    return new VerificationPolicy(
        6,
        Duration.ofMinutes(5),
        Duration.ofMinutes(2),
        3,
        2,
        2,
        5,
        Duration.ofMinutes(10),
        10,
        500,
        3,
        List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofDays(1)),
        Duration.ofDays(7),
        List.of("push", "sms"));
  }
}
