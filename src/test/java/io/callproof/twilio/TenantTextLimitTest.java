package io.callproof.twilio;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.app.Settings;
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
 * The tenant's hourly text limit (500 by default). The test sets it to 3: the check is the same
 * comparison whatever the figure, and 500 calls would only make the test slow; the last test shows
 * that 500 is what an installation gets when it sets nothing.
 */
class TenantTextLimitTest {

  private static Helpdesk helpdesk;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start(Helpdesk.POLICY_TENANT, Map.of("CALLPROOF_TENANT_TEXT_LIMIT", "3"));
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  private static long texts() {
    return helpdesk.count(
        "select count(*) from outbox_message where channel = 'sms'", Tuple.tuple());
  }

  @Test
  void textBeyondTheTenantsHourlyLimit_isNotSent_andTheCallerStillReachesATechnician() {
    long before = texts();
    for (String mobile : new String[] {DANA_MOBILE, "+12125550122", "+12125550201"}) {
      assertThat(helpdesk.twilio.call(mobile, HELPDESK).place().state())
          .isEqualTo(SimulatedCall.State.GATHERING);
    }

    SimulatedCall fourth = helpdesk.twilio.call("+12125550202", HELPDESK).place();

    assertThat(fourth.heard()).anyMatch(s -> s.contains("We cannot send you a code right now"));
    assertThat(fourth.legs().get(0).parameters())
        .containsEntry("badge", "caller-id")
        .containsEntry("reason", "tenant-text-limit")
        .containsEntry("contact", "Front02 Desk");
    assertThat(texts()).isEqualTo(before + 3);
  }

  @Test
  void tenantTextLimit_isPerHour() {
    for (String mobile : new String[] {DANA_MOBILE, "+12125550122", "+12125550201"}) {
      helpdesk.twilio.call(mobile, HELPDESK).place();
    }
    helpdesk.clock.advance(Duration.ofHours(1));

    SimulatedCall next = helpdesk.twilio.call("+12125550202", HELPDESK).place();

    assertThat(next.state()).isEqualTo(SimulatedCall.State.GATHERING);
  }

  @Test
  void tenantTextLimit_is500UnlessSet() {
    assertThat(Settings.from(Map.of()).tenantTextLimit()).isEqualTo(500);
  }
}
