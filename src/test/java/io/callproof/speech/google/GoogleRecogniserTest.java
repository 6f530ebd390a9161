package io.callproof.speech.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.speech.v1.RecognitionConfig;
import io.callproof.speech.Heard;
import io.callproof.speech.Recognition;
import io.callproof.support.LocalSpeech;
import io.grpc.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Google's own Speech client against a local server speaking the Speech API's gRPC protocol. */
class GoogleRecogniserTest {

  private static LocalSpeech speech;
  private static GoogleRecogniser recogniser;

  @BeforeAll
  static void start() throws IOException {
    speech = LocalSpeech.start();
    recogniser =
        GoogleRecogniser.create(new GoogleSpeechOptions(speech.endpoint(), Optional.empty(), true));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    recogniser.close();
    speech.close();
  }

  @BeforeEach
  void nextTest() {
    speech.reset();
  }

  @Test
  void listen_streamsTelephoneAudioWithLanguageAndHints_andYieldsTheFinalTranscript()
      throws Exception {
    speech.willHear("quatre sept un deux", 0.87f);

    Recognition recognition = recogniser.listen("fr-CA", List.of("quatre", "sept", " ", "un"));
    Heard heard = speakUntilHeard(recognition);

    assertThat(heard).isInstanceOf(Heard.Words.class);
    Heard.Words words = (Heard.Words) heard;
    assertThat(words.transcript()).isEqualTo("quatre sept un deux");
    assertThat(words.confidence()).isEqualTo(0.87);
    LocalSpeech.Received received = speech.received().get(0);
    assertThat(received.recognition().getEncoding())
        .isEqualTo(RecognitionConfig.AudioEncoding.LINEAR16);
    assertThat(received.recognition().getSampleRateHertz()).isEqualTo(8000);
    assertThat(received.recognition().getLanguageCode()).isEqualTo("fr-CA");
    assertThat(received.phrases()).containsExactly("quatre", "sept", "un");
    assertThat(received.config().getSingleUtterance()).isTrue();
    assertThat(received.config().getInterimResults()).isFalse();
    assertThat(received.audioBytes()).isGreaterThanOrEqualTo(LocalSpeech.AUDIO_BEFORE_ANSWER);
    assertThat(received.halfClosed()).isTrue();
  }

  @Test
  void confidenceZero_isReportedAsNotGiven() throws Exception {
    speech.willHear("four seven", 0f);

    Heard heard = speakUntilHeard(recogniser.listen("en-US", List.of()));

    assertThat(heard).isEqualTo(new Heard.Words("four seven", -1));
    assertThat(speech.received().get(0).phrases()).isEmpty();
  }

  @Test
  void nothingRecognised_yieldsNothing() throws Exception {
    speech.willHearNothing();

    Heard heard = speakUntilHeard(recogniser.listen("en-US", List.of("one")));

    assertThat(heard).isEqualTo(new Heard.Nothing());
  }

  @Test
  void silence_untilTheLineStopsListening_yieldsNothing() throws Exception {
    Recognition recognition = recogniser.listen("en-US", List.of());

    recognition.audio(new byte[320]);
    recognition.end();

    assertThat(recognition.result().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isEqualTo(new Heard.Nothing());
  }

  @Test
  void serverRefusal_yieldsFailedWithGooglesStatus() throws Exception {
    speech.willFail(Status.PERMISSION_DENIED.withDescription("Speech API not enabled"));

    Heard heard = speakUntilHeard(recogniser.listen("en-US", List.of()));

    assertThat(heard).isInstanceOf(Heard.Failed.class);
    assertThat(((Heard.Failed) heard).reason()).contains("PERMISSION_DENIED");
  }

  @Test
  void endpointDown_yieldsFailed() throws Exception {
    int nobody;
    try (ServerSocket socket = new ServerSocket(0)) {
      nobody = socket.getLocalPort();
    }
    try (GoogleRecogniser down =
        GoogleRecogniser.create(
            new GoogleSpeechOptions("127.0.0.1:" + nobody, Optional.empty(), true))) {

      Heard heard = speakUntilHeard(down.listen("en-US", List.of()));

      assertThat(heard).isInstanceOf(Heard.Failed.class);
      assertThat(((Heard.Failed) heard).reason()).contains("UNAVAILABLE");
    }
  }

  @Test
  void cancel_yieldsNothingAndStopsTheStream() throws Exception {
    // A server of its own: the cancelled stream may reach it late, and take another test's answer.
    try (LocalSpeech own = LocalSpeech.start();
        GoogleRecogniser client =
            GoogleRecogniser.create(
                new GoogleSpeechOptions(own.endpoint(), Optional.empty(), true))) {
      own.willHear("one two", 0.9f);
      Recognition recognition = client.listen("en-US", List.of());
      recognition.audio(new byte[320]);

      recognition.cancel();
      recognition.audio(new byte[LocalSpeech.AUDIO_BEFORE_ANSWER]);

      assertThat(recognition.result().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isEqualTo(new Heard.Nothing());
      assertThat(own.received()).allMatch(r -> r.audioBytes() < LocalSpeech.AUDIO_BEFORE_ANSWER);
    }
  }

  @Test
  void credentialsFileThatIsNoKey_failsNamingTheFile() throws IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("speech-key", ".json");
    java.nio.file.Files.writeString(file, "{\"type\": \"nothing-google-knows\"}");

    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                GoogleRecogniser.create(
                    new GoogleSpeechOptions(
                        GoogleSpeechOptions.GOOGLE_ENDPOINT, Optional.of(file), false)));

    assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining(file.toString());
  }

  @Test
  void words_keepTheTranscriptOutOfLogs() {
    String shown = new Heard.Words("four seven one two nine nine", 0.9).toString();

    assertThat(shown).doesNotContain("four").contains("0.9");
  }

  /** Sends 20 ms frames, as a phone line does, until the recogniser answers. */
  private static Heard speakUntilHeard(Recognition recognition) throws Exception {
    byte[] frame = tone();
    for (int i = 0; i < 200 && !recognition.result().toCompletableFuture().isDone(); i++) {
      recognition.audio(frame);
      Thread.onSpinWait();
    }
    return recognition.result().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** 20 ms of a 440 Hz tone at 8 kHz, 16-bit little-endian. */
  private static byte[] tone() {
    byte[] frame = new byte[320];
    for (int i = 0; i < 160; i++) {
      short sample = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
      frame[2 * i] = (byte) sample;
      frame[2 * i + 1] = (byte) (sample >> 8);
    }
    return frame;
  }
}
