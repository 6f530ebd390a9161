package io.callproof.asterisk;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.support.AgiPeer;
import io.callproof.support.AudioSocketPeer;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.callproof.support.LocalSpeech;
import io.callproof.support.LogCapture;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Callers who speak on an Asterisk line: FastAGI and AudioSocket played as Asterisk plays them, the
 * caller's audio recognised by Google's client against a local Speech API server.
 */
class AsteriskSpeechTest {

  private static final String FRENCH_HELPDESK = "+12125550112";
  private static final List<String> ENGLISH =
      List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
  private static final List<String> FRENCH =
      List.of("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf");

  private static LocalSpeech speech;
  private static Helpdesk helpdesk;
  private static InetAddress pbx;
  private LogCapture log;

  @BeforeAll
  static void start() throws Exception {
    speech = LocalSpeech.start();
    pbx = InetAddress.getByName("127.0.0.1");
    helpdesk =
        Helpdesk.withAsterisk(
            "/speech-tenant.yaml",
            Map.of(
                "CALLPROOF_SPEECH_ENDPOINT", speech.endpoint(),
                "CALLPROOF_SPEECH_PLAINTEXT", "true",
                "CALLPROOF_AUDIOSOCKET_HOST", "127.0.0.1",
                "CALLPROOF_AUDIOSOCKET_PORT", "0",
                "CALLPROOF_SPEECH_LISTEN_SECONDS", "2"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    helpdesk.close();
    speech.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
    speech.reset();
    log = new LogCapture();
  }

  @AfterEach
  void release() {
    log.close();
  }

  @Test
  void spokenCode_verifiesTheCaller_andNeitherCodeNorWordsAreLogged() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    say(call, "I'm locked out of my account", 0.91f);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    say(call, words(code, ENGLISH), 0.93f);
    call.toEnd();

    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "verified")
        .containsEntry("CALLPROOF_METHOD", "sms-code")
        .containsEntry("CALLPROOF_INTENT", "account-unlock");
    assertThat(helpdesk.callStatus(call.callSid())).isEqualTo("routed");
    List<LocalSpeech.Received> streams = speech.received();
    assertThat(streams).hasSize(2);
    assertThat(streams.get(0).phrases()).contains("locked out");
    assertThat(streams.get(1).phrases()).contains("seven");
    assertThat(streams)
        .allSatisfy(
            r -> {
              assertThat(r.recognition().getLanguageCode()).isEqualTo("en-US");
              assertThat(r.recognition().getSampleRateHertz()).isEqualTo(8000);
            });
    assertThat(call.commands())
        .filteredOn(c -> c.startsWith("EXEC"))
        .allMatch(c -> c.matches("EXEC \"AudioSocket\" \"[0-9a-f-]{36},127\\.0\\.0\\.1:[0-9]+\""));
    assertThat(log.lines())
        .noneMatch(l -> l.contains(code) || l.contains("seven") || l.contains("locked out of"));
    assertThat(log.problems()).isEmpty();
  }

  @Test
  void spokenCodeHeardWithConfidenceZero_isTakenAsNotGiven_notAsLow() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    say(call, "password reset", 0.9f);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    say(call, words(code, ENGLISH), 0f);
    call.toEnd();

    assertThat(call.variables()).containsEntry("CALLPROOF_BADGE", "verified");
    assertThat(speech.received()).hasSize(2);
  }

  @Test
  void spokenWrongCode_countsAsAWrongEntry() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    say(call, "password reset", 0.9f);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    say(call, words(wrong(code), ENGLISH), 0.95f);
    call.until(c -> c.startsWith("EXEC"));

    assertThat(
            helpdesk.count(
                "select wrong_entries from verification where call_sid = $1",
                Tuple.of(call.callSid())))
        .isEqualTo(1);
    call.hangUp().toEnd();
  }

  @Test
  void keyPressedWhileListening_isKeypadInput() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    say(call, "password reset", 0.9f);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    AudioSocketPeer audio = AudioSocketPeer.forExec(call.until(c -> c.startsWith("EXEC")), pbx);
    audio.press(code.charAt(0)).awaitServerEnds(5_000);
    call.reply("200 result=0");
    for (int i = 1; i < code.length(); i++) {
      call.until(c -> c.startsWith("WAIT FOR DIGIT"));
      call.reply("200 result=" + (int) code.charAt(i));
    }
    call.toEnd();

    assertThat(audio.hungUpByServer()).isTrue();
    assertThat(call.variables()).containsEntry("CALLPROOF_BADGE", "verified");
    assertThat(log.problems()).isEmpty();
    assertThat(log.lines()).noneMatch(l -> l.contains(code) || l.contains("key=" + code.charAt(0)));
  }

  @Test
  void hangUpWhileListening_closesTheCallCleanly() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    say(call, "password reset", 0.9f);

    AudioSocketPeer audio = AudioSocketPeer.forExec(call.until(c -> c.startsWith("EXEC")), pbx);
    audio.talkFor(5);
    audio.hangUp();
    call.hangUp().toEnd();

    Await.until(
        () -> "ended".equals(helpdesk.callStatus(call.callSid())) ? true : null,
        Duration.ofSeconds(10),
        "the call to be closed");
    assertThat(helpdesk.auditKinds(call.callSid())).last().isEqualTo("call-ended");
    Await.until(
        () -> helpdesk.service.asterisk().orElseThrow().listening() == 0 ? true : null,
        Duration.ofSeconds(10),
        "the listening to end");
    assertThat(log.problems()).isEmpty();
    assertThat(log.lines())
        .anyMatch(l -> l.contains(call.callSid() + " ") && l.contains("hung up"));
  }

  @Test
  void frenchNumber_speaksFrenchPromptsAndSounds_andListensInFrench() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE, FRENCH_HELPDESK);
    say(call, "j'ai oublié mon mot de passe", 0.9f);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    say(call, words(code, FRENCH), 0.92f);
    call.toEnd();

    assertThat(call.variables())
        .containsEntry("CHANNEL(language)", "fr")
        .containsEntry("CALLPROOF_BADGE", "verified");
    assertThat(call.heard()).startsWith("callproof/fr-CA/greeting-0");
    assertThat(call.heard()).noneMatch(f -> f.startsWith("callproof/en-US/"));
    int language = call.commands().indexOf("SET VARIABLE \"CHANNEL(language)\" \"fr\"");
    int firstSay = indexOfFirst(call.commands(), "SAY DIGITS");
    assertThat(language).isNotNegative().isLessThan(firstSay);
    assertThat(speech.received())
        .hasSize(2)
        .allMatch(r -> r.recognition().getLanguageCode().equals("fr-CA"));
    assertThat(speech.received().get(1).phrases()).contains("sept");
  }

  /** The caller answers the listening that comes next by speaking these words. */
  private static void say(AgiPeer call, String words, float confidence) throws IOException {
    speech.willHear(words, confidence);
    AudioSocketPeer audio = AudioSocketPeer.forExec(call.until(c -> c.startsWith("EXEC")), pbx);
    audio.talkUntilServerEnds(10_000);
    assertThat(audio.hungUpByServer()).isTrue();
    call.reply("200 result=0");
  }

  private static String words(String digits, List<String> names) {
    StringBuilder said = new StringBuilder();
    for (char c : digits.toCharArray()) {
      said.append(said.length() == 0 ? "" : " ").append(names.get(c - '0'));
    }
    return said.toString();
  }

  private static String wrong(String code) {
    return code.charAt(0) == '9' ? "1" + code.substring(1) : "9" + code.substring(1);
  }

  private static int indexOfFirst(List<String> commands, String prefix) {
    for (int i = 0; i < commands.size(); i++) {
      if (commands.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }
}
