package io.callproof.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.TwiML;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Client;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Identity;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Play;
import com.twilio.twiml.voice.Say;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast TwiML writer against the Twilio SDK's own serializer, which is the reference. */
class TwimlXmlTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Enter the code we sent to your phone.",
        "Secure IT & Sons <helpdesk> \"now\" it's 5 > 4",
        "Entrez le code reçu par texto, s'il vous plaît. Ça va ? À bientôt — merci",
        "",
        "  spaced  out  ",
        "line one\nline two\ttabbed\rreturned",
        "an emoji \uD83D\uDCDE here",
      })
  void twimlXml_everyShapeTheRendererMakes_matchesTheSdk(String text) {
    List<TwiML> documents = documents(text);

    for (TwiML document : documents) {
      assertThat(TwimlXml.of(document)).isEqualTo(document.toXml());
    }
  }

  private static List<TwiML> documents(String text) {
    String action = "https://cp.example/twilio/voice/turn?turn=2&x=\"" + text + "\"";
    Say say =
        new Say.Builder(text).language(Say.Language.FR_CA).voice(Say.Voice.POLLY_CHANTAL).build();
    Gather gather =
        new Gather.Builder()
            .numDigits(6)
            .timeout(8)
            .finishOnKey("#")
            .actionOnEmptyResult(true)
            .method(HttpMethod.POST)
            .action(action)
            .inputs(List.of(Gather.Input.DTMF, Gather.Input.SPEECH))
            .language(Gather.Language.EN_US)
            .speechTimeout("auto")
            .hints("$OOV_CLASS_DIGIT_SEQUENCE, " + text)
            .say(say)
            .build();
    Gather hold =
        new Gather.Builder()
            .inputs(Gather.Input.DTMF)
            .numDigits(1)
            .finishOnKey("")
            .actionOnEmptyResult(true)
            .method(HttpMethod.POST)
            .action(action)
            .play(new Play.Builder("https://cp.example/hold.mp3?a=1&b=2").build())
            .timeout(1)
            .build();
    Dial dial =
        new Dial.Builder()
            .action("https://cp.example/twilio/voice/dialled")
            .method(HttpMethod.POST)
            .timeout(30)
            .answerOnBridge(true)
            .client(
                new Client.Builder()
                    .identity(new Identity.Builder("tech-" + text).build())
                    .parameter(new Parameter.Builder().name("badge").value("verified").build())
                    .parameter(new Parameter.Builder().name("contact").value(text).build())
                    .build())
            .number(
                new Number.Builder("+15145550100")
                    .url("https://cp.example/twilio/voice/whisper?call=CA1")
                    .method(HttpMethod.POST)
                    .build())
            .build();
    return List.of(
        new VoiceResponse.Builder().say(say).gather(gather).build(),
        new VoiceResponse.Builder().gather(hold).build(),
        new VoiceResponse.Builder().say(say).dial(dial).build(),
        new VoiceResponse.Builder().say(say).hangup(new Hangup.Builder().build()).build(),
        new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build(),
        new VoiceResponse.Builder()
            .say(new Say.Builder(text).build())
            .dial(new Dial.Builder().timeout(30).number("+15145550100").build())
            .build());
  }
}
