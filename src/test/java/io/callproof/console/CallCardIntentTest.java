package io.callproof.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.phone.SimulatedCall;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's call card shows why the caller said they call, from the badge's fields. */
class CallCardIntentTest {

  private static final String PASSWORD = "a long console password 1";
  private static Helpdesk helpdesk;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start(Map.of("CALLPROOF_TWILIO_SPEECH", "true"));
    Await.result(
        new ConsoleUsers(helpdesk.vertx, helpdesk.service.database().pool(), new AuditTrail())
            .add(
                "acme-msp",
                "randy@acme.example",
                "Randy",
                "technician",
                "4821",
                PASSWORD,
                helpdesk.clock.instant()));
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @Test
  void callCard_ofACallerWhoSaidWhy_showsTheIntent() {
    SimulatedCall call = helpdesk.twilio.call(Helpdesk.DANA_MOBILE, Helpdesk.HELPDESK).place();
    call.speak("I'm locked out of my account", "0.9");
    ConsoleClient randy =
        ConsoleClient.signIn(helpdesk.service.port(), "randy@acme.example", PASSWORD);

    String page = randy.get("/console/calls/" + call.sid()).body();

    assertThat(page).contains("calling about").contains("account-unlock");
  }
}
