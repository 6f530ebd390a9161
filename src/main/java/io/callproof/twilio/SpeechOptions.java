package io.callproof.twilio;

import com.twilio.twiml.voice.Say;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How Twilio gathers listen for speech, and the voices that speak each language.
 *
 * @param enabled whether gathers that accept speech ask Twilio to listen ({@code input="dtmf
 *     speech"}); when off, every gather takes keys only
 * @param speechTimeout Twilio's {@code speechTimeout}: {@code auto}, or whole seconds of silence
 *     that end a spoken answer
 * @param voices the {@code <Say>} voice by locale, as TwiML names it ({@code Polly.Chantal}); a
 *     locale without one gets Twilio's default voice
 */
public record SpeechOptions(boolean enabled, String speechTimeout, Map<String, Say.Voice> voices) {

  public SpeechOptions {
    voices = Map.copyOf(voices);
  }

  /**
   * The options with voices given by their TwiML names.
   *
   * @throws IllegalArgumentException naming the setting and the voice Twilio does not know
   */
  public static SpeechOptions of(
      boolean enabled, String speechTimeout, Map<String, String> voices) {
    Map<String, Say.Voice> known = new HashMap<>();
    voices.forEach(
        (locale, name) ->
            known.put(
                locale,
                Arrays.stream(Say.Voice.values())
                    .filter(v -> v.toString().equals(name))
                    .findFirst()
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "CALLPROOF_TWILIO_VOICES: '"
                                    + name
                                    + "' is not a Twilio voice (expected a name such as"
                                    + " Polly.Chantal)"))));
    return new SpeechOptions(enabled, speechTimeout, known);
  }

  Optional<Say.Voice> voice(String locale) {
    return Optional.ofNullable(voices.get(locale));
  }
}
