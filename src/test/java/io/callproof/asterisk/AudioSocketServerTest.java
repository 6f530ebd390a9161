package io.callproof.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.call.CallContext;
import io.callproof.speech.google.GoogleRecogniser;
import io.callproof.speech.google.GoogleSpeechOptions;
import io.callproof.support.AudioSocketPeer;
import io.callproof.support.Await;
import io.callproof.support.LocalSpeech;
import io.callproof.support.LogCapture;
import io.grpc.Status;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AudioSocket server, with Asterisk's side played over TCP and Google's by a local server. */
class AudioSocketServerTest {

  private static final InetAddress PBX = InetAddress.getLoopbackAddress();
  private static final CallContext CALL =
      new CallContext("acme-msp", "ast-1730559600.1", "helpdesk", "ask-code");

  private static Vertx vertx;
  private static LocalSpeech speech;
  private static GoogleRecogniser recogniser;
  private static AudioSocketServer server;
  private LogCapture log;

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    speech = LocalSpeech.start();
    recogniser =
        GoogleRecogniser.create(new GoogleSpeechOptions(speech.endpoint(), Optional.empty(), true));
    server =
        Await.result(
            AudioSocketServer.start(vertx, Set.of(PBX), "127.0.0.1", 0, recogniser, 1_000, 2_000));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    Await.result(server.close());
    recogniser.close();
    speech.close();
    Await.result(vertx.close());
  }

  @BeforeEach
  void nextTest() {
    speech.reset();
    log = new LogCapture();
  }

  @AfterEach
  void release() {
    log.close();
  }

  @Test
  void wordsHeard_endTheAudioWithTheHangupFrame_andAreTheOutcome() throws IOException {
    speech.willHear("four seven one two nine nine", 0.93f);
    AudioSocketServer.Listening listening =
        server.expect(PBX, CALL, "en-US", List.of("four", "seven"));

    AudioSocketPeer pbx = peer(listening.id(), PBX);
    pbx.talkUntilServerEnds(5_000);

    AudioSocketServer.Outcome outcome = listening.await(5_000);
    assertThat(outcome).isInstanceOf(AudioSocketServer.Outcome.Spoke.class);
    AudioSocketServer.Outcome.Spoke spoke = (AudioSocketServer.Outcome.Spoke) outcome;
    assertThat(spoke.transcript()).isEqualTo("four seven one two nine nine");
    assertThat(spoke.confidence()).isBetween(0.92, 0.94);
    assertThat(pbx.hungUpByServer()).isTrue();
    assertThat(pbx.closedByServer()).isTrue();
    LocalSpeech.Received received = speech.received().get(0);
    assertThat(received.recognition().getLanguageCode()).isEqualTo("en-US");
    assertThat(received.phrases()).containsExactly("four", "seven");
    assertThat(received.audioBytes()).isGreaterThanOrEqualTo(LocalSpeech.AUDIO_BEFORE_ANSWER);
    assertThat(server.waiting()).isZero();
    assertThat(log.problems()).isEmpty();
    assertThat(log.lines()).noneMatch(l -> l.contains("four seven"));
  }

  @Test
  void manyCallersAtOnce_areEachHeard() throws Exception {
    int callers = 50;
    for (int i = 0; i < callers; i++) {
      speech.willHear("caller " + i, 0.9f);
    }
    java.util.concurrent.ExecutorService pbxThreads =
        java.util.concurrent.Executors.newFixedThreadPool(callers);
    List<java.util.concurrent.Future<AudioSocketServer.Outcome>> outcomes =
        new java.util.ArrayList<>();

    for (int i = 0; i < callers; i++) {
      AudioSocketServer.Listening listening = server.expect(PBX, CALL, "en-US", List.of());
      outcomes.add(
          pbxThreads.submit(
              () -> {
                try (AudioSocketPeer pbx = peer(listening.id(), PBX)) {
                  pbx.talkUntilServerEnds(10_000);
                }
                return listening.await(5_000);
              }));
    }

    java.util.Set<String> heard = new java.util.HashSet<>();
    for (java.util.concurrent.Future<AudioSocketServer.Outcome> outcome : outcomes) {
      AudioSocketServer.Outcome o = outcome.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(o).isInstanceOf(AudioSocketServer.Outcome.Spoke.class);
      heard.add(((AudioSocketServer.Outcome.Spoke) o).transcript());
    }
    pbxThreads.shutdown();
    assertThat(heard).hasSize(callers);
    assertThat(server.waiting()).isZero();
    assertThat(log.problems()).isEmpty();
  }

  @Test
  void keyPressed_endsTheListeningWithThatKey() throws IOException {
    speech.willHear("one", 0.9f);
    AudioSocketServer.Listening listening = server.expect(PBX, CALL, "en-US", List.of());
    AudioSocketPeer pbx = peer(listening.id(), PBX);

    pbx.press('4').awaitServerEnds(5_000);

    assertThat(listening.await(5_000)).isEqualTo(new AudioSocketServer.Outcome.Key('4'));
    assertThat(pbx.hungUpByServer()).isTrue();
  }

  @Test
  void nothingRecognised_isSilence() throws IOException {
    speech.willHearNothing();
    AudioSocketServer.Listening listening = server.expect(PBX, CALL, "fr-CA", List.of());

    peer(listening.id(), PBX).talkUntilServerEnds(5_000);

    assertThat(listening.await(5_000)).isEqualTo(new AudioSocketServer.Outcome.Silence());
  }

  @Test
  void callerSilentUntilTheTimeIsUp_isSilence() throws IOException {
    AudioSocketServer.Listening listening = server.expect(PBX, CALL, "en-US", List.of());
    AudioSocketPeer pbx = peer(listening.id(), PBX);

    pbx.awaitServerEnds(6_000);

    assertThat(listening.await(5_000)).isEqualTo(new AudioSocketServer.Outcome.Silence());
    assertThat(pbx.hungUpByServer()).isTrue();
  }

  @Test
  void recogniserThatNeverAnswers_failsTheListening_ratherThanCountingASilence()
      throws IOException {
    speech.willStayMute();
    AudioSocketServer.Listening listening = server.expect(PBX, CALL, "en-US", List.of());

    AudioSocketPeer pbx = peer(listening.id(), PBX);
    pbx.talkUntilServerEnds(10_000);

    AudioSocketServer.Outcome outcome = listening.await(5_000);
    assertThat(outcome).isInstanceOf(AudioSocketServer.Outcome.Failed.class);
    assertThat(((AudioSocketServer.Outcome.Failed) outcome).reason()).contains("gave no answer");
    assertThat(pbx.hungUpByServer()).isTrue();
  }

  @Test
  void recogniserRefusing_failsTheListeningAndEndsTheAudio() throws IOException {
    speech.willFail(Status.UNAUTHENTICATED.withDescription("bad key"));
    AudioSocketServer.Listening listening = server.expect(PBX, CALL, "en-US", List.of());

    AudioSocketPeer pbx = peer(listening.id(), PBX);
    pbx.talkUntilServerEnds(5_000);

    AudioSocketServer.Outcome outcome = listening.await(5_000);
    assertThat(outcome).isInstanceOf(AudioSocketServer.Outcome.Failed.class);
    assertThat(((AudioSocketServer.Outcome.Failed) outcome).reason()).contains("UNAUTHENTICATED");
    assertThat(pbx.hungUpByServer()).isTrue();
  }

  @Test
  void callerHangingUp_isGone() throws IOException {
    speech.willHear("one two", 0.9f);
    AudioSocketServer.Listening listening = server.expect(PBX, CALL, "en-US", List.of());
    AudioSocketPeer pbx = peer(listening.id(), PBX);
    Await.until(() -> listening.connected() ? true : null, Duration.ofSeconds(5), "the connect");

    pbx.hangUp();

    assertThat(listening.await(5_000)).isEqualTo(new AudioSocketServer.Outcome.Gone());
    assertThat(log.problems()).isEmpty();
  }

  @Test
  void pbxReportingAnError_failsTheListening() throws IOException {
    AudioSocketServer.Listening listening = server.expect(PBX, CALL, "en-US", List.of());
    AudioSocketPeer pbx = peer(listening.id(), PBX);

    pbx.error(2).awaitServerEnds(5_000);

    AudioSocketServer.Outcome outcome = listening.await(5_000);
    assertThat(outcome).isInstanceOf(AudioSocketServer.Outcome.Failed.class);
    assertThat(((AudioSocketServer.Outcome.Failed) outcome).reason()).contains("code 2");
  }

  @Test
  void pbxNeverConnecting_failsTheListeningInTime() {
    AudioSocketServer.Listening listening = server.expect(PBX, CALL, "en-US", List.of());

    AudioSocketServer.Outcome outcome = listening.await(10_000);

    assertThat(outcome).isInstanceOf(AudioSocketServer.Outcome.Failed.class);
    assertThat(((AudioSocketServer.Outcome.Failed) outcome).reason()).contains("did not connect");
    assertThat(server.waiting()).isZero();
  }

  @Test
  void connectionFromAnUnconfiguredAddress_isRefusedAndLogged() throws IOException {
    AudioSocketServer.Listening listening = server.expect(PBX, CALL, "en-US", List.of());

    AudioSocketPeer stranger = peer(listening.id(), InetAddress.getByName("127.0.0.2"));
    stranger.awaitServerEnds(5_000);

    assertThat(stranger.closedByServer()).isTrue();
    assertThat(listening.connected()).isFalse();
    Await.until(
        () -> log.problems().stream().anyMatch(l -> l.contains("from 127.0.0.2")) ? true : null,
        Duration.ofSeconds(5),
        "the refusal to be logged");
    listening.finish(new AudioSocketServer.Outcome.Gone());
  }

  @Test
  void unknownId_isRefusedWithTheHangupFrame() throws IOException {
    AudioSocketPeer pbx = peer(UUID.randomUUID().toString(), PBX);

    pbx.awaitServerEnds(5_000);

    assertThat(pbx.hungUpByServer()).isTrue();
    assertThat(log.problems()).anyMatch(l -> l.contains("names no listening"));
  }

  @Test
  void portInUse_failsTheStartNamingTheAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {

      Throwable failure =
          AudioSocketServer.start(
                  vertx, Set.of(PBX), "127.0.0.1", taken.getLocalPort(), recogniser, 1_000, 2_000)
              .toCompletionStage()
              .toCompletableFuture()
              .handle((s, e) -> e)
              .join();

      assertThat(failure).hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }

  private static AudioSocketPeer peer(String id, InetAddress source) throws IOException {
    return AudioSocketPeer.connect("127.0.0.1", server.port(), source, id);
  }
}
