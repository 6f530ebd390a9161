package io.callproof.support;

import com.google.cloud.speech.v1.RecognitionConfig;
import com.google.cloud.speech.v1.SpeechGrpc;
import com.google.cloud.speech.v1.SpeechRecognitionAlternative;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;
import com.google.cloud.speech.v1.StreamingRecognitionResult;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Speech API server on loopback, speaking Google's gRPC protocol ({@code
 * google.cloud.speech.v1.Speech/StreamingRecognize}) without TLS. Each stream takes the next answer
 * queued with {@link #willHear} (or hears nothing): once it has had some audio it reports the end
 * of the utterance as Google does with {@code single_utterance}, and gives its final result when
 * the client half-closes. It keeps what each stream was sent.
 */
public final class LocalSpeech implements AutoCloseable {

  /** Audio a stream waits for before it decides the caller has finished: 200 ms. */
  public static final int AUDIO_BEFORE_ANSWER = 3200;

  /**
   * What one stream received.
   *
   * @param config the streaming settings of its first message
   * @param audioBytes how many bytes of audio came after it
   * @param halfClosed whether the client half-closed the stream
   */
  public record Received(StreamingRecognitionConfig config, int audioBytes, boolean halfClosed) {
    public RecognitionConfig recognition() {
      return config.getConfig();
    }

    /** Every phrase hint of every speech context. */
    public List<String> phrases() {
      List<String> phrases = new ArrayList<>();
      recognition().getSpeechContextsList().forEach(c -> phrases.addAll(c.getPhrasesList()));
      return phrases;
    }
  }

  private sealed interface Answer {}

  private record Words(String transcript, float confidence) implements Answer {}

  private record Nothing() implements Answer {}

  private record Error(Status status) implements Answer {}

  private record Mute() implements Answer {}

  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final List<Stream> streams = new CopyOnWriteArrayList<>();
  private final Server server;

  private LocalSpeech() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Service())
            .build()
            .start();
  }

  /** Starts the server on a free loopback port. */
  public static LocalSpeech start() throws IOException {
    return new LocalSpeech();
  }

  /** {@code host:port} for the client's endpoint. */
  public String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /**
   * The next stream hears these words.
   *
   * @param confidence as Google sends it: 0 means "not computed"
   */
  public LocalSpeech willHear(String transcript, float confidence) {
    answers.add(new Words(transcript, confidence));
    return this;
  }

  /** The next stream ends its utterance without a result. */
  public LocalSpeech willHearNothing() {
    answers.add(new Nothing());
    return this;
  }

  /** The next stream never answers, not even when the client half-closes: a hung server. */
  public LocalSpeech willStayMute() {
    answers.add(new Mute());
    return this;
  }

  /** The next stream fails with this status once it has had some audio. */
  public LocalSpeech willFail(Status status) {
    answers.add(new Error(status));
    return this;
  }

  /** Forgets queued answers and what streams received. */
  public void reset() {
    answers.clear();
    streams.clear();
  }

  /** What every stream opened so far received, oldest first. */
  public List<Received> received() {
    return streams.stream().map(Stream::received).toList();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private final class Service extends SpeechGrpc.SpeechImplBase {
    @Override
    public StreamObserver<StreamingRecognizeRequest> streamingRecognize(
        StreamObserver<StreamingRecognizeResponse> replies) {
      Stream stream = new Stream(replies);
      streams.add(stream);
      return stream;
    }
  }

  private final class Stream implements StreamObserver<StreamingRecognizeRequest> {

    private final StreamObserver<StreamingRecognizeResponse> replies;
    private Answer answer;
    private StreamingRecognitionConfig config = StreamingRecognitionConfig.getDefaultInstance();
    private int audioBytes;
    private boolean halfClosed;
    private boolean utteranceEnded;
    private boolean done;

    Stream(StreamObserver<StreamingRecognizeResponse> replies) {
      this.replies = replies;
    }

    private Answer answer() {
      if (answer == null) {
        Answer next = answers.poll();
        answer = next == null ? new Nothing() : next;
      }
      return answer;
    }

    synchronized Received received() {
      return new Received(config, audioBytes, halfClosed);
    }

    @Override
    public synchronized void onNext(StreamingRecognizeRequest request) {
      if (done) {
        return;
      }
      if (request.hasStreamingConfig()) {
        config = request.getStreamingConfig();
        return;
      }
      audioBytes += request.getAudioContent().size();
      if (!utteranceEnded && audioBytes >= AUDIO_BEFORE_ANSWER) {
        utteranceEnded = true;
        if (answer() instanceof Error error) {
          done = true;
          replies.onError(error.status().asRuntimeException());
          return;
        }
        if (answer instanceof Mute) {
          return;
        }
        replies.onNext(
            StreamingRecognizeResponse.newBuilder()
                .setSpeechEventType(
                    StreamingRecognizeResponse.SpeechEventType.END_OF_SINGLE_UTTERANCE)
                .build());
      }
    }

    @Override
    public synchronized void onError(Throwable t) {
      done = true;
    }

    @Override
    public synchronized void onCompleted() {
      halfClosed = true;
      if (done) {
        return;
      }
      if (answer() instanceof Mute) {
        return;
      }
      done = true;
      if (answer instanceof Error error) {
        replies.onError(error.status().asRuntimeException());
        return;
      }
      if (answer instanceof Words words) {
        replies.onNext(
            StreamingRecognizeResponse.newBuilder()
                .addResults(
                    StreamingRecognitionResult.newBuilder()
                        .setIsFinal(true)
                        .addAlternatives(
                            SpeechRecognitionAlternative.newBuilder()
                                .setTranscript(words.transcript())
                                .setConfidence(words.confidence())))
                .build());
      }
      replies.onCompleted();
    }
  }
}
