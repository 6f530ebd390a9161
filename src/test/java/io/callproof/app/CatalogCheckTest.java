package io.callproof.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.support.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up check that every locale has every prompt, with the same parameters. */
class CatalogCheckTest {

  @TempDir Path temp;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  /** The shipped ivr folder copied, with one edit to the French catalog. */
  private Path ivrWithFrench(String from, String to) throws IOException {
    Path ivr = Files.createDirectories(temp.resolve("ivr"));
    for (String file : new String[] {"en-US.yaml", "fr-CA.yaml", "intents.yaml"}) {
      Files.copy(Path.of("ivr", file), ivr.resolve(file));
    }
    String french = Files.readString(ivr.resolve("fr-CA.yaml"));
    assertThat(french).contains(from);
    Files.writeString(ivr.resolve("fr-CA.yaml"), french.replace(from, to));
    return ivr;
  }

  private Throwable startWith(Path ivr) {
    Settings settings =
        Settings.from(
            Map.of(
                "CALLPROOF_IVR_DIR",
                ivr.toString(),
                "CALLPROOF_DATA_DIR",
                temp.resolve("data").toString(),
                "CALLPROOF_HTTP_PORT",
                "0"));
    return org.assertj.core.api.Assertions.catchThrowable(
        () -> Await.result(Callproof.start(vertx, settings, Clock.systemUTC())));
  }

  @Test
  void missingFrenchPrompt_stopsTheStartNamingFilePromptAndFix() throws IOException {
    Path ivr =
        ivrWithFrench(
            "  mfa-notice: >-\n"
                + "    Pour changer de téléphone ou d'authentification, nous devons d'abord vous"
                + " vérifier.\n",
            "");

    Throwable failure = startWith(ivr);

    assertThat(failure)
        .hasMessage(
            "ivr/fr-CA.yaml: voice 'mfa-notice': missing (translate it from ivr/en-US.yaml, same"
                + " parameters)");
  }

  @Test
  void frenchPromptWithOtherParameters_stopsTheStart() throws IOException {
    Path ivr =
        ivrWithFrench(
            "soutien technique de {msp}. Bonjour {firstName}, de {company}.",
            "soutien technique de {msp}. Bonjour {firstName}.");

    Throwable failure = startWith(ivr);

    assertThat(failure)
        .hasMessage(
            "ivr/fr-CA.yaml: voice 'greeting': parameters [firstName, msp] differ from"
                + " ivr/en-US.yaml's [company, firstName, msp] (use the same ones)");
  }

  @Test
  void unknownTwilioVoice_stopsTheStartNamingTheSetting() throws IOException {
    Path ivr = ivrWithFrench("Au revoir.", "Au revoir.");
    Settings settings =
        Settings.from(
            Map.of(
                "CALLPROOF_IVR_DIR",
                ivr.toString(),
                "CALLPROOF_DATA_DIR",
                temp.resolve("data").toString(),
                "CALLPROOF_HTTP_PORT",
                "0",
                "CALLPROOF_TWILIO_VOICES",
                "fr-CA=Polly.Nobody"));

    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Await.result(Callproof.start(vertx, settings, Clock.systemUTC())));

    assertThat(failure)
        .hasMessage(
            "CALLPROOF_TWILIO_VOICES: 'Polly.Nobody' is not a Twilio voice (expected a name such"
                + " as Polly.Chantal)");
  }
}
