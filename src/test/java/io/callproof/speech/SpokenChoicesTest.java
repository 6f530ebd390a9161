package io.callproof.speech;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Yes and no as callers say them, in each language. */
class SpokenChoicesTest {

  @ParameterizedTest(name = "{1} \"{0}\" is {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "UNCLEAR",
      value = {
        "Yes please | en-US | true",
        "yeah | en-US | true",
        "No thanks | en-US | false",
        "nope | en-US | false",
        "yes no wait | en-US | UNCLEAR",
        "maybe later | en-US | UNCLEAR",
        "oui | en-US | UNCLEAR",
        "Oui, s'il vous plaît | fr-CA | true",
        "d'accord | fr-CA | true",
        "Non merci | fr-CA | false",
        "pas maintenant | fr-CA | false",
        "yes | fr-CA | UNCLEAR",
      })
  void yes_spokenAnswer_isYesNoOrUnclear(String said, String locale, Boolean yes) {
    assertThat(SpokenChoices.yes(said, locale).orElse(null)).isEqualTo(yes);
  }
}
