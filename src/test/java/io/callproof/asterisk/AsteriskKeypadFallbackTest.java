package io.callproof.asterisk;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.support.AgiPeer;
import io.callproof.support.AudioSocketPeer;
import io.callproof.support.Helpdesk;
import io.callproof.support.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Asterisk callers when speech cannot be had: Google Speech unreachable, or a PBX whose AudioSocket
 * application cannot connect. They answer on the keypad, and a failure never verifies anyone.
 */
class AsteriskKeypadFallbackTest {

  private static Helpdesk helpdesk;
  private static InetAddress pbx;
  private LogCapture log;

  @BeforeAll
  static void start() throws Exception {
    int nobody;
    try (ServerSocket socket = new ServerSocket(0)) {
      nobody = socket.getLocalPort();
    }
    pbx = InetAddress.getByName("127.0.0.1");
    helpdesk =
        Helpdesk.withAsterisk(
            "/speech-tenant.yaml",
            Map.of(
                "CALLPROOF_SPEECH_ENDPOINT", "127.0.0.1:" + nobody,
                "CALLPROOF_SPEECH_PLAINTEXT", "true",
                "CALLPROOF_AUDIOSOCKET_HOST", "127.0.0.1",
                "CALLPROOF_AUDIOSOCKET_PORT", "0"));
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
    log = new LogCapture();
  }

  @AfterEach
  void release() {
    log.close();
  }

  @Test
  void speechUnreachable_callerAnswersOnTheKeypad_forTheRestOfTheCall() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);

    AudioSocketPeer audio = AudioSocketPeer.forExec(call.until(c -> c.startsWith("EXEC")), pbx);
    audio.talkUntilServerEnds(10_000);
    call.reply("200 result=0");
    String keypadIntent = call.untilGetData();
    call.reply("200 result= (timeout)");
    String keypadCode = call.untilGetData();
    call.reply("200 result=" + helpdesk.codeTextedTo(DANA_MOBILE));
    call.toEnd();

    assertThat(audio.hungUpByServer()).isTrue();
    assertThat(keypadIntent).isEqualTo("GET DATA \"silence/1\" 8000 1");
    assertThat(keypadCode).isEqualTo("GET DATA \"callproof/en-US/enter-code-0\" 8000 6");
    assertThat(call.commands().stream().filter(c -> c.startsWith("EXEC")).count()).isEqualTo(1);
    assertThat(call.variables()).containsEntry("CALLPROOF_BADGE", "verified");
    assertThat(log.problems())
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .contains(call.callSid(), "speech unavailable", "UNAVAILABLE", "keypad"));
  }

  @Test
  void speechUnreachable_andNothingTyped_isNeverVerified() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);

    AudioSocketPeer.forExec(call.until(c -> c.startsWith("EXEC")), pbx).talkUntilServerEnds(10_000);
    call.reply("200 result=0");
    call.toEnd();

    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "failed")
        .containsEntry("CALLPROOF_REASON", "no-answer");
  }

  @Test
  void audioSocketApplicationThatCannotConnect_fallsBackToTheKeypad() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);

    call.until(c -> c.startsWith("EXEC"));
    call.reply("200 result=-1");
    String keypad = call.untilGetData();
    call.reply("200 result= (timeout)");
    call.untilGetData();
    call.reply("200 result=" + helpdesk.codeTextedTo(DANA_MOBILE));
    call.toEnd();

    assertThat(keypad).isEqualTo("GET DATA \"silence/1\" 8000 1");
    assertThat(call.variables()).containsEntry("CALLPROOF_BADGE", "verified");
    assertThat(log.problems())
        .singleElement()
        .satisfies(l -> assertThat(l).contains("without connecting", "app_audiosocket"));
    assertThat(helpdesk.service.asterisk().orElseThrow().listening()).isZero();
  }

  @Test
  void noSpeechConfigured_saysSoOnceAtStartUp_andGathersTakeKeysOnly() throws IOException {
    LogCapture startUp = new LogCapture();
    try (Helpdesk keypadOnly = Helpdesk.withAsterisk("/speech-tenant.yaml", Map.of())) {
      startUp.close();

      AgiPeer call = keypadOnly.agiCall(DANA_MOBILE);
      String first = call.untilGetData();
      call.hangUp().toEnd();

      assertThat(startUp.lines())
          .filteredOn(l -> l.contains("speech on Asterisk is off"))
          .singleElement()
          .satisfies(l -> assertThat(l).startsWith("INFO").contains("keypad only"));
      assertThat(keypadOnly.service.asterisk().orElseThrow().audioSocketPort()).isEmpty();
      assertThat(first).startsWith("GET DATA");
      assertThat(call.commands()).noneMatch(c -> c.startsWith("EXEC"));
    }
  }
}
