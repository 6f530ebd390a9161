package io.callproof.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped intent catalog, what it makes of what callers say, and catalogs it refuses. */
class IntentCatalogTest {

  private static final Set<String> LOCALES = Set.of("en-US", "fr-CA");

  private static IntentCatalog shipped() throws IOException {
    return IntentCatalog.load(Path.of("ivr"), LOCALES);
  }

  @ParameterizedTest(name = "{1} \"{0}\" is {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "I forgot my password | en-US | password-reset",
        "My password expired this morning | en-US | password-reset",
        "I'm locked out of my account | en-US | account-unlock",
        "I got a new phone and need my MFA moved | en-US | mfa-reset",
        "my authenticator app stopped working | en-US | mfa-reset",
        "the printer is jammed | en-US | other",
        "J'ai oublié mon mot de passe | fr-CA | password-reset",
        "Mon compte est bloqué | fr-CA | account-unlock",
        "j'ai un nouveau téléphone | fr-CA | mfa-reset",
        "l'imprimante ne marche plus | fr-CA | other",
        "I forgot my password | fr-CA | other",
      })
  void intentOf_whatTheCallerSaid_isTheIntentOfItsLongestPhrase(
      String said, String locale, String intent) throws IOException {
    assertThat(shipped().intentOf(said, locale)).contains(intent);
  }

  @Test
  void intentOf_silence_isNoIntent() throws IOException {
    assertThat(shipped().intentOf("  ", "en-US")).isEmpty();
  }

  @Test
  void shippedCatalog_hasTheHelpdeskIntentsAndHintsInEachLocale() throws IOException {
    IntentCatalog catalog = shipped();

    assertThat(catalog.intents())
        .containsExactly("password-reset", "account-unlock", "mfa-reset", "other");
    assertThat(catalog.hints("fr-CA")).contains("mot de passe", "nouveau téléphone");
    assertThat(catalog.hints("en-US")).contains("locked out");
  }

  @Test
  void parse_intentWithoutFrenchPhrases_namesFileIntentAndFix() {
    String yaml = "intents:\n  password-reset:\n    en-US: [password]\n  other: {}\n";

    assertThatThrownBy(() -> IntentCatalog.parse("ivr/intents.yaml", yaml, LOCALES))
        .hasMessage(
            "ivr/intents.yaml: intent 'password-reset': no phrases for fr-CA (add 'fr-CA:"
                + " [phrase, ...]')");
  }

  @Test
  void parse_withoutOther_isRefused() {
    String yaml = "intents:\n  password-reset:\n    en-US: [password]\n    fr-CA: [mot de passe]\n";

    assertThatThrownBy(() -> IntentCatalog.parse("ivr/intents.yaml", yaml, LOCALES))
        .hasMessageContaining("no intent 'other'");
  }

  @Test
  void parse_badNameAndUnknownLocale_areBothReported() {
    String yaml =
        "intents:\n  Password_Reset:\n    en-US: [password]\n  unlock:\n    en-US: [unlock]\n"
            + "    fr-CA: [débloquer]\n    de-DE: [entsperren]\n  other: {}\n";

    assertThatThrownBy(() -> IntentCatalog.parse("ivr/intents.yaml", yaml, LOCALES))
        .hasMessageContaining("intent 'Password_Reset': a name is lowercase")
        .hasMessageContaining("intent 'unlock': unknown locale 'de-DE'");
  }
}
