package io.callproof.flow;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the engine makes sense of what a caller said. Implementations are pure (no telephony, no
 * input or output), so the engine stays pure with them.
 */
public interface Understanding {

  /** Understands nothing: every spoken answer is unclear, and no step offers speech hints. */
  Understanding NONE =
      new Understanding() {
        @Override
        public Optional<String> digits(Input.Spoken spoken, String locale) {
          return Optional.empty();
        }

        @Override
        public Optional<String> intent(Input.Spoken spoken, String locale) {
          return Optional.empty();
        }

        @Override
        public Optional<Boolean> yes(Input.Spoken spoken, String locale) {
          return Optional.empty();
        }

        @Override
        public List<String> digitHints(String locale) {
          return List.of();
        }

        @Override
        public List<String> intentHints(String locale) {
          return List.of();
        }

        @Override
        public Set<String> intents() {
          return Set.of("other");
        }
      };

  /**
   * The digits a spoken answer clearly says, heard with enough confidence.
   *
   * @param locale the BCP 47 locale the caller was asked in
   * @return the digits, or empty when the answer is unclear (which is never a wrong entry)
   */
  Optional<String> digits(Input.Spoken spoken, String locale);

  /**
   * The intent a spoken answer says, heard with enough confidence; one of {@link #intents()}.
   *
   * @return the intent, or empty when the answer is unclear
   */
  Optional<String> intent(Input.Spoken spoken, String locale);

  /**
   * Whether a spoken answer to a yes-or-no offer says yes ("yes", "oui") or no ("no thanks",
   * "non"), heard with enough confidence.
   *
   * @return true for yes, false for no, or empty when the answer is unclear
   */
  Optional<Boolean> yes(Input.Spoken spoken, String locale);

  /** Words that help a recogniser hear digits and numbers in a locale. */
  List<String> digitHints(String locale);

  /** Phrases that help a recogniser hear why callers call, in a locale. */
  List<String> intentHints(String locale);

  /** The intents a caller can say; an {@code ask-intent} step has one outcome for each. */
  Set<String> intents();
}
