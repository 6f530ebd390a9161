package io.callproof.twilio;

import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.phone.SimulatedCall;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lock-outs, each by its figure: three failed verifications of a contact within 24 hours lock it
 * for 15 minutes, the next lock within 24 hours lasts an hour, and the one after 24 hours. A locked
 * caller still reaches a technician, with the {@code locked} badge, and is sent nothing.
 */
class LockOutTest {

  /** Tom's registered mobile in the policy tenant. */
  static final String TOM_MOBILE = "+12125550122";

  private static Helpdesk helpdesk;

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

  @Test
  void threeFailedVerifications_lockTheContact_andTheFourthCallIsSentNothing() {
    failThreeTimes();
    long queued = queuedForTom();

    SimulatedCall fourth = helpdesk.twilio.call(TOM_MOBILE, HELPDESK).place();

    assertThat(fourth.heard())
        .anyMatch(s -> s.startsWith("Verification is locked for now after several failed"));
    assertThat(fourth.legs().get(0).parameters())
        .containsEntry("badge", "locked")
        .containsEntry("reason", "contact-locked")
        .containsEntry("contact", "Tom Okafor");
    assertThat(fourth.whisperFor(Helpdesk.RANDY_PHONE).get(0))
        .contains("Locked out after repeated failed verifications: Tom Okafor");
    assertThat(queuedForTom()).isEqualTo(queued);
    assertThat(lockEvents()).hasSize(1);
    assertThat(lockEvents().get(0).getJsonObject("data").getString("level")).isEqualTo("1");
  }

  @Test
  void thirdFailure_isRoutedAsFailedAndSaysTheContactIsNowLocked() {
    failTwice();

    SimulatedCall third = failingCall();

    assertThat(third.legs().get(0).parameters())
        .containsEntry("badge", "failed")
        .containsEntry("reason", "no-answer,now-locked");
    assertThat(helpdesk.auditKinds(third.sid())).contains("contact-locked");
  }

  @Test
  void firstLock_lastsFifteenMinutes() {
    failThreeTimes();

    helpdesk.clock.advance(Duration.ofMinutes(15).minusSeconds(1));
    assertThat(badgeOfNextCall()).isEqualTo("locked");
    helpdesk.clock.advance(Duration.ofSeconds(2));

    assertThat(verifiedNextCall()).isTrue();
  }

  @Test
  void secondLockWithin24Hours_lastsAnHour_andTheThird24Hours() {
    failThreeTimes();
    helpdesk.clock.advance(Duration.ofMinutes(15).plusSeconds(1));

    failThreeTimes();
    helpdesk.clock.advance(Duration.ofHours(1).minusSeconds(1));
    assertThat(badgeOfNextCall()).isEqualTo("locked");
    helpdesk.clock.advance(Duration.ofSeconds(2));

    failThreeTimes();
    helpdesk.clock.advance(Duration.ofHours(24).minusSeconds(1));
    assertThat(badgeOfNextCall()).isEqualTo("locked");
    helpdesk.clock.advance(Duration.ofSeconds(2));
    assertThat(verifiedNextCall()).isTrue();

    List<Row> locks =
        helpdesk.query(
            "select level, extract(epoch from locked_until - locked_at)::int from contact_lock"
                + " where contact_id = $1 and locked_at > $2 order by locked_at",
            Tuple.of(
                helpdesk.contactId("1002"),
                helpdesk
                    .clock
                    .instant()
                    .minus(Duration.ofHours(27))
                    .atOffset(java.time.ZoneOffset.UTC)));
    assertThat(locks).extracting(r -> r.getInteger(0)).containsExactly(1, 2, 3);
    assertThat(locks)
        .extracting(r -> r.getInteger(1))
        .containsExactly(15 * 60, 60 * 60, 24 * 60 * 60);
  }

  private static void failThreeTimes() {
    for (int i = 0; i < 3; i++) {
      assertThat(failingCall().legs().get(0).parameters()).containsEntry("badge", "failed");
    }
  }

  private static void failTwice() {
    failingCall();
    failingCall();
  }

  /**
   * A call as Tom that fails: the code is texted (and read here, so that the next code read is the
   * next call's) but never typed, and the prompt for it is answered with silence twice.
   */
  private static SimulatedCall failingCall() {
    SimulatedCall call = helpdesk.twilio.call(TOM_MOBILE, HELPDESK).place();
    helpdesk.codeTextedTo(TOM_MOBILE);
    return call.silence().silence();
  }

  private static String badgeOfNextCall() {
    SimulatedCall call = helpdesk.twilio.call(TOM_MOBILE, HELPDESK).place();
    assertThat(call.state()).as("heard %s", call.heard()).isEqualTo(SimulatedCall.State.DIALLING);
    return call.legs().get(0).parameters().get("badge");
  }

  private static boolean verifiedNextCall() {
    SimulatedCall call = helpdesk.twilio.call(TOM_MOBILE, HELPDESK).place();
    call.press(helpdesk.codeTextedTo(TOM_MOBILE));
    return "verified".equals(call.legs().get(0).parameters().get("badge"));
  }

  private static long queuedForTom() {
    return helpdesk.count(
        "select count(*) from outbox_message where contact_id = $1",
        Tuple.of(helpdesk.contactId("1002")));
  }

  private static List<Row> lockEvents() {
    return helpdesk.query(
        "select data from audit_event where kind = 'contact-locked' and contact_id = $1"
            + " and at > $2",
        Tuple.of(
            helpdesk.contactId("1002"),
            helpdesk
                .clock
                .instant()
                .minus(Duration.ofHours(1))
                .atOffset(java.time.ZoneOffset.UTC)));
  }
}
