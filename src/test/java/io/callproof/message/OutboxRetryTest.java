package io.callproof.message;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A text the provider refuses is retried later, not lost, and never sent twice. */
class OutboxRetryTest {

  private static Helpdesk helpdesk;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start();
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @Test
  void providerOutage_textIsRetriedAfterItsPauseAndSentOnce() {
    helpdesk.nextTest();
    helpdesk.twilioApi.failNext(1_000);
    int before = helpdesk.twilioApi.sent().size();

    helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    Await.until(
        () ->
            helpdesk.count(
                        "select count(*) from outbox_message where status ="
                            + " 'queued' and attempts = 1",
                        Tuple.tuple())
                    == 1
                ? true
                : null,
        Duration.ofSeconds(10),
        "the first attempt to fail");
    assertThat(Await.result(helpdesk.service.outboxWorker().drain())).isZero();
    helpdesk.twilioApi.failNext(0);
    helpdesk.clock.advance(Duration.ofSeconds(3));
    Await.result(helpdesk.service.outboxWorker().drain());

    assertThat(helpdesk.twilioApi.sent().subList(before, helpdesk.twilioApi.sent().size()))
        .singleElement()
        .extracting(sent -> sent.to())
        .isEqualTo(DANA_MOBILE);
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where kind = 'message-retry'", Tuple.tuple()))
        .isEqualTo(1);
  }
}
