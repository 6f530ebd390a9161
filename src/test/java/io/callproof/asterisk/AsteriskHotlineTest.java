package io.callproof.asterisk;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.support.AgiPeer;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verification hotline over FastAGI: the same flow file as on Twilio, the same outcome. */
class AsteriskHotlineTest {

  private static final String HOTLINE = "+12125550113";

  private static Helpdesk helpdesk;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.withAsterisk(Map.of());
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  private AgiPeer hotlineCall() throws IOException {
    return AgiPeer.call(
        helpdesk.service.asterisk().orElseThrow().agiPort(),
        InetAddress.getByName("127.0.0.1"),
        "hotline",
        DANA_MOBILE,
        HOTLINE);
  }

  @Test
  void verifiedCallerWithNoCallOnRecord_isWarned_theMspAlerted_andCanReportIt() throws IOException {
    AgiPeer call = hotlineCall();
    call.untilGetData();
    call.reply("200 result=" + helpdesk.codeTextedTo(DANA_MOBILE));

    String offer = call.untilGetData();
    call.reply("200 result=1");
    call.toEnd();

    assertThat(call.heard()).contains("callproof/en-US/no-call-on-record-0");
    assertThat(offer).contains("offer-report");
    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "verified")
        .containsEntry("AJ_AGISTATUS", "SUCCESS");
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where call_sid = $1"
                    + " and data->>'alert' = 'possible-impersonation'",
                Tuple.of(call.callSid())))
        .isEqualTo(1);
  }
}
