package io.callproof.speech;

import io.callproof.flow.Input;
import io.callproof.flow.Understanding;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Understands spoken answers with {@link SpokenNumbers} and an {@link IntentCatalog}. An answer
 * heard with a confidence below the threshold is unclear; one heard without a confidence (-1) is
 * taken only when its text reads cleanly, as every answer must.
 */
public final class SpeechUnderstanding implements Understanding {

  private final IntentCatalog intents;
  private final double minConfidence;

  /**
   * @param minConfidence the lowest confidence (0 to 1) at which an answer is taken
   */
  public SpeechUnderstanding(IntentCatalog intents, double minConfidence) {
    if (minConfidence < 0 || minConfidence > 1) {
      throw new IllegalArgumentException("minConfidence must be from 0 to 1: " + minConfidence);
    }
    this.intents = intents;
    this.minConfidence = minConfidence;
  }

  @Override
  public Optional<String> digits(Input.Spoken spoken, String locale) {
    return heardWell(spoken) ? SpokenNumbers.digits(spoken.transcript(), locale) : Optional.empty();
  }

  @Override
  public Optional<String> intent(Input.Spoken spoken, String locale) {
    return heardWell(spoken) ? intents.intentOf(spoken.transcript(), locale) : Optional.empty();
  }

  @Override
  public Optional<Boolean> yes(Input.Spoken spoken, String locale) {
    return heardWell(spoken) ? SpokenChoices.yes(spoken.transcript(), locale) : Optional.empty();
  }

  @Override
  public List<String> digitHints(String locale) {
    return SpokenNumbers.hints(locale);
  }

  @Override
  public List<String> intentHints(String locale) {
    return intents.hints(locale);
  }

  @Override
  public Set<String> intents() {
    return intents.intents();
  }

  private boolean heardWell(Input.Spoken spoken) {
    return !spoken.hasConfidence() || spoken.confidence() >= minConfidence;
  }
}
