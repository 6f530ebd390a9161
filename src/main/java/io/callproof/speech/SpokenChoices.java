package io.callproof.speech;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Yes or no, said in English (en-US) or Canadian French (fr-CA). An answer that holds both a yes
 * and a no word ("yes, no, wait"), or neither, is unclear. Pure and stateless.
 */
public final class SpokenChoices {

  private static final Map<String, Set<String>> YES =
      Map.of(
          "en-US", Set.of("yes", "yeah", "yep", "yup", "sure", "okay", "ok", "please", "correct"),
          "fr-CA", Set.of("oui", "ouais", "ouin", "d'accord", "certainement", "correct"));
  private static final Map<String, Set<String>> NO =
      Map.of("en-US", Set.of("no", "nope", "nah"), "fr-CA", Set.of("non", "pas"));

  private SpokenChoices() {}

  /**
   * Whether a transcript says yes.
   *
   * @return true for yes, false for no, or empty when it says neither or both
   */
  public static Optional<Boolean> yes(String transcript, String locale) {
    List<String> words = SpokenNumbers.tokens(transcript);
    boolean yes = words.stream().anyMatch(YES.getOrDefault(locale, Set.of())::contains);
    boolean no = words.stream().anyMatch(NO.getOrDefault(locale, Set.of())::contains);
    return yes == no ? Optional.empty() : Optional.of(yes);
  }
}
