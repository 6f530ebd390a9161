package io.callproof.asterisk;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callproof.support.AgiPeer;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The manager connection to a PBX, against a peer speaking AMI as Asterisk does. */
class AmiLinkTest {

  private static Helpdesk helpdesk;
  private static InetAddress pbx;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.withAsterisk(Map.of());
    pbx = InetAddress.getByName("127.0.0.1");
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  private static void awaitLoggedIn(int logins) {
    Await.until(
        () ->
            helpdesk.ami.logins() >= logins
                    && helpdesk.service.asterisk().orElseThrow().amiConnected(pbx).orElse(false)
                ? true
                : null,
        Duration.ofSeconds(20),
        "AMI login number " + logins);
  }

  @Test
  void start_logsInWithTheChallengeAndItsMd5Key() {
    awaitLoggedIn(1);

    assertThat(helpdesk.ami.logins()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void place_originatesThroughTheOutboundContextWithItsVariables() {
    awaitLoggedIn(1);

    String id =
        Await.result(
            helpdesk
                .service
                .asterisk()
                .orElseThrow()
                .place("acme-msp", DANA_MOBILE, Map.of("CALLPROOF_CALL", "hotline-1")));

    Map<String, String> originate = helpdesk.ami.originates().get(0);
    assertThat(originate)
        .containsEntry("Channel", "Local/" + DANA_MOBILE + "@callproof-outbound")
        .containsEntry("Context", "callproof-outbound-answered")
        .containsEntry("Exten", "s")
        .containsEntry("Async", "true");
    assertThat(originate.get("Variable"))
        .contains("CALLPROOF_CALL=hotline-1", "CALLPROOF_OUTBOUND_ID=" + id);
  }

  @Test
  void place_forATenantWithoutAPbx_fails() {
    assertThatThrownBy(
            () ->
                Await.result(
                    helpdesk
                        .service
                        .asterisk()
                        .orElseThrow()
                        .place("secure-it", DANA_MOBILE, Map.of())))
        .hasMessageContaining("tenant secure-it has no PBX");
  }

  @Test
  void hangupEvent_closesARoutedCall() throws IOException {
    awaitLoggedIn(1);
    AgiPeer call = helpdesk.agiCall(UNKNOWN).toEnd();
    assertThat(helpdesk.callStatus(call.callSid())).isEqualTo("routed");

    helpdesk.ami.hangup(call.uniqueId());

    awaitStatus(call, "ended");
    assertThat(helpdesk.auditKinds(call.callSid())).last().isEqualTo("call-ended");
  }

  @Test
  void droppedConnection_isReestablishedAndStillClosesCalls() throws IOException {
    awaitLoggedIn(1);
    int before = helpdesk.ami.logins();

    helpdesk.ami.dropAll();
    awaitLoggedIn(before + 1);
    AgiPeer call = helpdesk.agiCall(UNKNOWN).toEnd();
    helpdesk.ami.hangup(call.uniqueId());

    awaitStatus(call, "ended");
  }

  private static void awaitStatus(AgiPeer call, String status) {
    Await.until(
        () -> status.equals(helpdesk.callStatus(call.callSid())) ? true : null,
        Duration.ofSeconds(10),
        "call " + call.callSid() + " to be " + status);
  }
}
