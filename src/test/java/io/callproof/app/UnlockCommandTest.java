package io.callproof.app;

import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.phone.SimulatedCall;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code java -jar callproof.jar unlock TENANT CONTACT_ID}, as Main runs it. */
class UnlockCommandTest {

  private static final String TOM_MOBILE = "+12125550122";

  private static Helpdesk helpdesk;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start(Helpdesk.POLICY_TENANT, Map.of());
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  private int unlock(String... args) {
    return LockCommands.unlock(
        helpdesk.service.settings(),
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        helpdesk.clock);
  }

  @Test
  void unlock_releasesALockedContact_andTheNextCallIsVerifiedAgain() {
    lockTom();
    String tom = helpdesk.contactId("1002").toString();

    int status = unlock("acme-msp", tom);

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("released the lock of contact " + tom);
    SimulatedCall call = helpdesk.twilio.call(TOM_MOBILE, HELPDESK).place();
    call.press(helpdesk.codeTextedTo(TOM_MOBILE));
    assertThat(call.legs().get(0).parameters()).containsEntry("badge", "verified");
    assertThat(
            helpdesk
                .query(
                    "select data->>'by' from audit_event where kind = 'contact-unlocked'"
                        + " and contact_id = $1",
                    Tuple.of(helpdesk.contactId("1002")))
                .get(0)
                .getString(0))
        .isEqualTo(LockCommands.RELEASED_BY);
  }

  @Test
  void unlock_ofAContactNotLocked_saysSoAndFails() {
    int status = unlock("acme-msp", helpdesk.contactId("1001").toString());

    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("was not locked");
  }

  @Test
  void unlock_withABadContactId_isRefused() {
    int status = unlock("acme-msp", "tom");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("'tom' is not a contact id");
  }

  @Test
  void unlock_ofAnotherTenantsContact_changesNothing() {
    lockTom();

    int status = unlock("other-msp", helpdesk.contactId("1002").toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("tenant other-msp has no contact");
    SimulatedCall call = helpdesk.twilio.call(TOM_MOBILE, HELPDESK).place();
    assertThat(call.legs().get(0).parameters()).containsEntry("badge", "locked");
  }

  /** Three calls as Tom that fail (the code texted, read here, never typed). */
  private static void lockTom() {
    for (int i = 0; i < 3; i++) {
      SimulatedCall call = helpdesk.twilio.call(TOM_MOBILE, HELPDESK).place();
      helpdesk.codeTextedTo(TOM_MOBILE);
      call.silence().silence();
    }
  }
}
