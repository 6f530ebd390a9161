package io.callproof.twilio;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.phone.SimulatedCall;
import io.callproof.support.Helpdesk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When the database cannot be reached, callers still reach the helpdesk, never verified. */
class FailClosedTest {

  private Helpdesk helpdesk;

  @BeforeEach
  void start() throws Exception {
    helpdesk = Helpdesk.start();
  }

  @AfterEach
  void stop() {
    helpdesk.close();
  }

  private void cutTheDatabase() {
    String db = helpdesk.database.name();
    helpdesk.database.admin(
        helpdesk.vertx, "alter database " + db + " with allow_connections false");
    helpdesk.database.admin(
        helpdesk.vertx,
        "select pg_terminate_backend(pid)" + " from pg_stat_activity where datname = '" + db + "'");
  }

  @Test
  void databaseDown_incomingCallGetsTheStaticFallback() {
    String fallback =
        helpdesk
            .twilio
            .post(
                "/twilio/voice/fallback",
                helpdesk.twilio.call(DANA_MOBILE, HELPDESK).params("ringing"))
            .body();
    cutTheDatabase();

    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();

    assertThat(call.lastReply().status()).isEqualTo(200);
    assertThat(call.lastReply().body()).isEqualTo(fallback);
    assertThat(call.legs())
        .singleElement()
        .extracting(SimulatedCall.Leg::target)
        .isEqualTo("+12125550199");
    assertThat(call.lastReply().body()).doesNotContain("verified");
  }

  @Test
  void databaseDownMidCall_rightCodeStillGetsNoVerifiedBadge() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    String code = helpdesk.codeTextedTo(DANA_MOBILE);
    cutTheDatabase();

    call.press(code);

    assertThat(call.lastReply().status()).isEqualTo(200);
    assertThat(call.state()).isEqualTo(SimulatedCall.State.DIALLING);
    assertThat(call.legs())
        .singleElement()
        .extracting(SimulatedCall.Leg::target)
        .isEqualTo("+12125550199");
    assertThat(call.lastReply().body()).doesNotContain("verified");
  }

  @Test
  void fallbackUrl_isTheStaticAnswerForGetAndSignedPost() {
    var get =
        helpdesk.twilio.post(
            "/twilio/voice/fallback",
            helpdesk.twilio.call(DANA_MOBILE, HELPDESK).params("ringing"));

    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body())
        .contains("Connecting you to the Acme IT helpdesk.")
        .contains("<Number>+12125550199</Number>");
  }
}
