package io.callproof.twilio;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.phone.SimulatedCall;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sending limits, each by its figure: 5 sends per contact per 10 minutes, and 10 verification
 * attempts per calling number per hour whatever the contact (withheld numbers share one count). A
 * limited caller still reaches a technician, with the badge saying why, and is sent nothing.
 */
class SendLimitsTest {

  /** The front office's shared desk number: it names nobody, so callers key in who they are. */
  private static final String FRONT_DESK = "+12125550250";

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

  private static long queued() {
    return helpdesk.count("select count(*) from outbox_message", Tuple.tuple());
  }

  private static SimulatedCall call(String from) {
    return helpdesk.twilio.call(from, HELPDESK).place();
  }

  @Test
  void contactSendLimit_reopensTenMinutesAfterTheFifthSend() {
    for (int i = 0; i < 5; i++) {
      call(DANA_MOBILE);
    }
    helpdesk.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    long before = queued();
    SimulatedCall sixth = call(DANA_MOBILE);
    assertThat(sixth.legs().get(0).parameters()).containsEntry("reason", "send-limit");
    assertThat(queued()).isEqualTo(before);

    helpdesk.clock.advance(Duration.ofSeconds(1));
    SimulatedCall seventh = call(DANA_MOBILE);

    assertThat(seventh.state()).isEqualTo(SimulatedCall.State.GATHERING);
    assertThat(queued()).isEqualTo(before + 1);
  }

  @Test
  void callerLimit_countsAttemptsFromOneNumberAcrossContacts() {
    for (int i = 1; i <= 10; i++) {
      SimulatedCall call = call(FRONT_DESK).press(Integer.toString(2000 + i));
      assertThat(call.state()).as("call %d", i).isEqualTo(SimulatedCall.State.GATHERING);
    }
    long before = queued();

    SimulatedCall eleventh = call(FRONT_DESK).press("2011");

    assertThat(eleventh.heard()).anyMatch(s -> s.contains("We cannot send you a code right now"));
    assertThat(eleventh.legs().get(0).parameters())
        .containsEntry("badge", "unverified")
        .containsEntry("reason", "caller-limit")
        .containsEntry("contact", "Front11 Desk")
        .containsEntry("risk", "self-identified");
    assertThat(queued()).isEqualTo(before);
  }

  @Test
  void callerLimit_aRecognisedCallerGetsTheCallerIdBadge() {
    for (int i = 0; i < 5; i++) {
      call(DANA_MOBILE);
    }
    helpdesk.clock.advance(Duration.ofMinutes(10));
    for (int i = 0; i < 5; i++) {
      call(DANA_MOBILE);
    }
    long before = queued();

    SimulatedCall eleventh = call(DANA_MOBILE);

    assertThat(eleventh.legs().get(0).parameters())
        .containsEntry("badge", "caller-id")
        .containsEntry("reason", "caller-limit");
    assertThat(queued()).isEqualTo(before);
  }

  @Test
  void callerLimit_withheldCallersShareOneCount() {
    for (int i = 1; i <= 10; i++) {
      SimulatedCall call = call("Anonymous").press(Integer.toString(2000 + i));
      assertThat(call.state()).as("call %d", i).isEqualTo(SimulatedCall.State.GATHERING);
    }
    long before = queued();

    SimulatedCall eleventh = call("+266696687").press("2011");

    assertThat(eleventh.legs().get(0).parameters())
        .containsEntry("badge", "unverified")
        .containsEntry("reason", "caller-limit");
    assertThat(queued()).isEqualTo(before);
  }

  @Test
  void callerLimit_isPerHour() {
    for (int i = 1; i <= 10; i++) {
      call("Anonymous").press(Integer.toString(2000 + i));
    }
    helpdesk.clock.advance(Duration.ofHours(1));

    SimulatedCall next = call("Anonymous").press("2011");

    assertThat(next.state()).isEqualTo(SimulatedCall.State.GATHERING);
  }
}
