package io.callproof.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static final io.callproof.push.VapidKeys VAPID = io.callproof.push.VapidKeys.generate();

  private static final String KEY =
      "k1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void defaults_areDemoOnPort8080WithFiveMinuteSixDigitCodes() {
    Settings s = Settings.from(Map.of());

    assertThat(s.mode()).isEqualTo(Settings.Mode.DEMO);
    assertThat(s.httpPort()).isEqualTo(8080);
    assertThat(s.codeLength()).isEqualTo(6);
    assertThat(s.codeLifetime()).hasMinutes(5);
    assertThat(s.maxWrongEntries()).isEqualTo(3);
    assertThat(s.contactSendLimit()).isEqualTo(5);
    assertThat(s.databaseUrl()).isEmpty();
  }

  @Test
  void production_refusesToStartWithoutDatabaseAndSecrets() {
    assertThatThrownBy(() -> Settings.from(Map.of("CALLPROOF_MODE", "production")))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("CALLPROOF_DB_URL is not set")
        .hasMessageContaining("CALLPROOF_INSTALLATION_KEY is not set")
        .hasMessageContaining("CALLPROOF_CODE_KEY is not set");
  }

  @Test
  void production_startsWithDatabaseAndSecrets() {
    Settings s =
        Settings.from(
            Map.of(
                "CALLPROOF_MODE",
                "production",
                "CALLPROOF_DB_URL",
                "postgresql://callproof@db/callproof",
                "CALLPROOF_INSTALLATION_KEY",
                KEY,
                "CALLPROOF_CODE_KEY",
                KEY,
                "CALLPROOF_VAPID_PUBLIC_KEY",
                VAPID.publicKeyBase64Url(),
                "CALLPROOF_VAPID_PRIVATE_KEY",
                VAPID.privateKeyBase64Url()));

    assertThat(s.mode()).isEqualTo(Settings.Mode.PRODUCTION);
    assertThat(s.vapidKeys()).isPresent();
  }

  @Test
  void badValues_nameTheSettingTheValueAndWhatIsExpected_allTogether() {
    assertThatThrownBy(
            () ->
                Settings.from(
                    Map.of(
                        "CALLPROOF_HTTP_PORT",
                        "80a",
                        "CALLPROOF_CODE_TTL_SECONDS",
                        "900",
                        "CALLPROOF_MODE",
                        "prod",
                        "CALLPROOF_PUBLIC_URL",
                        "ftp://x")))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("CALLPROOF_HTTP_PORT=80a: expected a whole number from 0 to 65535")
        .hasMessageContaining(
            "CALLPROOF_CODE_TTL_SECONDS=900: expected a whole number from 30" + " to 600")
        .hasMessageContaining("CALLPROOF_MODE=prod: expected 'demo' or 'production'")
        .hasMessageContaining("CALLPROOF_PUBLIC_URL=ftp://x: expected an http:// or https://");
  }

  @Test
  void asterisk_isOffWithoutPbxes_andBindsEachPbxAddressToOneTenant() throws Exception {
    assertThat(Settings.from(Map.of()).asterisk()).isEmpty();

    Settings settings =
        Settings.from(Map.of("CALLPROOF_ASTERISK_PBXES", "10.0.0.5=secure-it, 10.0.0.6=acme-msp"));

    var asterisk = settings.asterisk().orElseThrow();
    assertThat(asterisk.pbxes())
        .containsEntry(java.net.InetAddress.getByName("10.0.0.5"), "secure-it")
        .containsEntry(java.net.InetAddress.getByName("10.0.0.6"), "acme-msp");
    assertThat(asterisk.agiPort()).isEqualTo(4573);
    assertThat(asterisk.agiThreads()).isEqualTo(200);
    assertThat(asterisk.agiQueue()).isEqualTo(100);
    assertThat(asterisk.amiSecret()).isEmpty();
  }

  @Test
  void asterisk_badValues_nameTheSettingTheValueAndWhatIsExpected() {
    assertThatThrownBy(
            () ->
                Settings.from(
                    Map.of(
                        "CALLPROOF_ASTERISK_PBXES",
                        "pbx.example.com=secure-it",
                        "CALLPROOF_AGI_THREADS",
                        "0",
                        "CALLPROOF_AGI_QUEUE",
                        "lots")))
        .hasMessageContaining(
            "CALLPROOF_ASTERISK_PBXES=pbx.example.com=secure-it: expected address=tenant pairs")
        .hasMessageContaining("CALLPROOF_AGI_THREADS=0: expected a whole number from 1 to 2000")
        .hasMessageContaining("CALLPROOF_AGI_QUEUE=lots: expected a whole number from 0 to 10000");
    assertThatThrownBy(
            () -> Settings.from(Map.of("CALLPROOF_ASTERISK_PBXES", "10.0.0.5=a,10.0.0.5=b")))
        .hasMessageContaining("each address once");
  }

  @Test
  void securityLimits_cannotBeRaisedAboveTheirMaximum() {
    assertThatThrownBy(() -> Settings.from(Map.of("CALLPROOF_MAX_WRONG_ENTRIES", "4")))
        .hasMessageContaining(
            "CALLPROOF_MAX_WRONG_ENTRIES=4: expected a whole number from 1" + " to 3");
    assertThatThrownBy(() -> Settings.from(Map.of("CALLPROOF_CONTACT_SEND_LIMIT", "6")))
        .hasMessageContaining("CALLPROOF_CONTACT_SEND_LIMIT=6");
    assertThatThrownBy(() -> Settings.from(Map.of("CALLPROOF_CODE_LENGTH", "5")))
        .hasMessageContaining("CALLPROOF_CODE_LENGTH=5");
  }

  @Test
  void badKey_isReportedWithoutItsValue() {
    assertThatThrownBy(() -> Settings.from(Map.of("CALLPROOF_CODE_KEY", "k1:c2VjcmV0")))
        .hasMessage("CALLPROOF_CODE_KEY=(hidden): a key is 32 bytes, got 6")
        .hasMessageNotContaining("c2VjcmV0");
  }

  @Test
  void twilioAccount_needsAllThreeParts() {
    assertThatThrownBy(
            () ->
                Settings.from(
                    Map.of("CALLPROOF_TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef")))
        .hasMessageContaining("set all three or none");
  }

  @Test
  void configFile_isReadAndTheEnvironmentWins(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("callproof.properties");
    java.nio.file.Files.writeString(file, "CALLPROOF_HTTP_PORT=9000\nCALLPROOF_LOCALE=en-US\n");

    Settings s =
        Settings.from(Map.of("CALLPROOF_CONFIG", file.toString(), "CALLPROOF_HTTP_PORT", "9100"));

    assertThat(s.httpPort()).isEqualTo(9100);
    assertThat(s.locale()).isEqualTo("en-US");
  }

  @Test
  void auditSettings_defaultToFiveSecondsAndAFolderInTheDataFolder() {
    Settings s = Settings.from(Map.of("CALLPROOF_DATA_DIR", "/var/lib/callproof"));

    assertThat(s.auditSealPeriod()).hasSeconds(5);
    assertThat(s.auditHeadFolder())
        .isEqualTo(java.nio.file.Path.of("/var/lib/callproof/audit-heads"));
    assertThat(s.adminToken()).isEmpty();
  }

  @Test
  void auditSettings_badValuesAreNamed_andTheTokenIsNeverEchoed() {
    assertThatThrownBy(
            () ->
                Settings.from(
                    Map.of(
                        "CALLPROOF_AUDIT_SEAL_SECONDS",
                        "0",
                        "CALLPROOF_ADMIN_TOKEN",
                        "short-secret")))
        .hasMessageContaining(
            "CALLPROOF_AUDIT_SEAL_SECONDS=0: expected a whole number from 1 to 3600")
        .hasMessageContaining("CALLPROOF_ADMIN_TOKEN=(hidden): expected at least 32 characters")
        .hasMessageNotContaining("short-secret");
  }

  @Test
  void speech_isOffByDefault_andAudioSocketListensOn9092() {
    Settings s = Settings.from(Map.of("CALLPROOF_ASTERISK_PBXES", "10.0.0.5=acme-msp"));

    assertThat(s.googleSpeech()).isEmpty();
    assertThat(s.asterisk().orElseThrow().audioSocketPort()).isEqualTo(9092);
    assertThat(s.asterisk().orElseThrow().audioSocketAddress()).isEmpty();
    assertThat(s.asterisk().orElseThrow().listenSeconds()).isEqualTo(8);
  }

  @Test
  void speech_withACredentialsFile_talksToGooglesEndpointOverTls() throws java.io.IOException {
    java.nio.file.Path key = java.nio.file.Files.createTempFile("speech-key", ".json");

    Settings s = Settings.from(Map.of("CALLPROOF_SPEECH_CREDENTIALS", key.toString()));

    assertThat(s.googleSpeech().orElseThrow().endpoint()).isEqualTo("speech.googleapis.com:443");
    assertThat(s.googleSpeech().orElseThrow().plaintext()).isFalse();
    assertThat(s.googleSpeech().orElseThrow().credentialsFile()).contains(key);
  }

  @Test
  void speech_plaintextToALocalServer_needsNoCredentials() {
    Settings s =
        Settings.from(
            Map.of(
                "CALLPROOF_SPEECH_ENDPOINT",
                "127.0.0.1:9093",
                "CALLPROOF_SPEECH_PLAINTEXT",
                "true"));

    assertThat(s.googleSpeech().orElseThrow().plaintext()).isTrue();
    assertThat(s.googleSpeech().orElseThrow().credentialsFile()).isEmpty();
  }

  @Test
  void speech_badValuesAreNamed() {
    assertThatThrownBy(
            () ->
                Settings.from(
                    Map.of(
                        "CALLPROOF_SPEECH_ENDPOINT",
                        "speech.example:443",
                        "CALLPROOF_SPEECH_PLAINTEXT",
                        "true",
                        "CALLPROOF_AUDIOSOCKET_PORT",
                        "99999",
                        "CALLPROOF_AUDIOSOCKET_ADDRESS",
                        "10.0.0.20:9092",
                        "CALLPROOF_SPEECH_LISTEN_SECONDS",
                        "1",
                        "CALLPROOF_ASTERISK_PBXES",
                        "10.0.0.5=acme-msp")))
        .hasMessageContaining(
            "CALLPROOF_SPEECH_PLAINTEXT=true: only for a Speech server on this machine")
        .hasMessageContaining("CALLPROOF_AUDIOSOCKET_PORT=99999: expected a whole number")
        .hasMessageContaining("CALLPROOF_AUDIOSOCKET_ADDRESS=10.0.0.20:9092: expected the host")
        .hasMessageContaining("CALLPROOF_SPEECH_LISTEN_SECONDS=1: expected a whole number from 2");
    assertThatThrownBy(() -> Settings.from(Map.of("CALLPROOF_SPEECH_ENDPOINT", "no-port")))
        .hasMessageContaining("CALLPROOF_SPEECH_ENDPOINT=no-port: expected host:port");
    assertThatThrownBy(
            () -> Settings.from(Map.of("CALLPROOF_SPEECH_ENDPOINT", "speech.googleapis.com:443")))
        .hasMessageContaining("CALLPROOF_SPEECH_CREDENTIALS is not set");
    assertThatThrownBy(
            () -> Settings.from(Map.of("CALLPROOF_SPEECH_CREDENTIALS", "/nowhere/key.json")))
        .hasMessageContaining("CALLPROOF_SPEECH_CREDENTIALS=/nowhere/key.json: no readable file");
  }

  @Test
  void speech_isOnForTwilioInBothLanguagesByDefault() {
    Settings.Speech speech = Settings.from(Map.of()).speech();

    assertThat(speech.twilio()).isTrue();
    assertThat(speech.locales()).containsExactly("en-US", "fr-CA");
    assertThat(speech.minConfidence()).isEqualTo(0.5);
    assertThat(speech.twilioSpeechTimeout()).isEqualTo("auto");
    assertThat(speech.twilioVoices()).containsExactly(Map.entry("fr-CA", "Polly.Chantal"));
  }

  @Test
  void speech_badValues_nameTheSettingTheValueAndWhatIsExpected() {
    assertThatThrownBy(
            () ->
                Settings.from(
                    Map.of(
                        "CALLPROOF_TWILIO_SPEECH", "yes",
                        "CALLPROOF_SPEECH_MIN_CONFIDENCE", "1.5",
                        "CALLPROOF_TWILIO_SPEECH_TIMEOUT", "30",
                        "CALLPROOF_LOCALES", "en-US,french")))
        .hasMessageContaining("CALLPROOF_TWILIO_SPEECH=yes: expected true or false")
        .hasMessageContaining(
            "CALLPROOF_SPEECH_MIN_CONFIDENCE=1.5: expected a number from 0.0 to 1.0")
        .hasMessageContaining(
            "CALLPROOF_TWILIO_SPEECH_TIMEOUT=30: expected auto, or whole seconds from 1 to 10")
        .hasMessageContaining(
            "CALLPROOF_LOCALES=en-US,french: expected locales such as en-US,fr-CA");
    assertThatThrownBy(() -> Settings.from(Map.of("CALLPROOF_TWILIO_VOICES", "de-DE=Polly.Hans")))
        .hasMessageContaining(
            "CALLPROOF_TWILIO_VOICES=de-DE=Polly.Hans: expected locale=voice pairs for locales of"
                + " CALLPROOF_LOCALES, such as fr-CA=Polly.Chantal");
    assertThatThrownBy(() -> Settings.from(Map.of("CALLPROOF_LOCALE", "de-DE")))
        .hasMessageContaining(
            "CALLPROOF_LOCALE=de-DE: expected one of CALLPROOF_LOCALES (en-US,fr-CA)");
  }
}
