package io.callproof.speech.google;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ClientStream;
import com.google.api.gax.rpc.ResponseObserver;
import com.google.api.gax.rpc.StreamController;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.speech.v1.RecognitionConfig;
import com.google.cloud.speech.v1.SpeechClient;
import com.google.cloud.speech.v1.SpeechContext;
import com.google.cloud.speech.v1.SpeechRecognitionAlternative;
import com.google.cloud.speech.v1.SpeechSettings;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;
import com.google.cloud.speech.v1.StreamingRecognitionResult;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;
import com.google.protobuf.ByteString;
import io.callproof.speech.Heard;
import io.callproof.speech.Recogniser;
import io.callproof.speech.Recognition;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Google Cloud Speech (v1) through Google's own client: each recognition is one {@code
 * StreamingRecognize} call that sends the recognition's settings (LINEAR16 at 8 kHz, the caller's
 * language, phrase hints as a speech context, one utterance), then the caller's audio as it
 * arrives, and takes the first final result. Google leaves a confidence of 0 for "not computed"; it
 * is reported as -1, never as a low confidence.
 */
public final class GoogleRecogniser implements Recogniser, AutoCloseable {

  /** Google accepts at most this many characters in one phrase hint. */
  private static final int MAX_HINT_LENGTH = 100;

  private final SpeechClient client;

  private GoogleRecogniser(SpeechClient client) {
    this.client = client;
  }

  /**
   * Makes the client; connects lazily, at the first recognition.
   *
   * @throws IOException when the credentials file cannot be read or is not a Google key; the
   *     message names the file
   */
  public static GoogleRecogniser create(GoogleSpeechOptions options) throws IOException {
    InstantiatingGrpcChannelProvider.Builder channel =
        SpeechSettings.defaultGrpcTransportProviderBuilder().setEndpoint(options.endpoint());
    if (options.plaintext()) {
      channel.setChannelConfigurator(ManagedChannelBuilder::usePlaintext);
    }
    SpeechSettings settings =
        SpeechSettings.newBuilder()
            .setEndpoint(options.endpoint())
            .setTransportChannelProvider(channel.build())
            .setCredentialsProvider(credentials(options))
            .build();
    return new GoogleRecogniser(SpeechClient.create(settings));
  }

  private static CredentialsProvider credentials(GoogleSpeechOptions options) throws IOException {
    if (options.credentialsFile().isEmpty()) {
      return NoCredentialsProvider.create();
    }
    try (InputStream in = Files.newInputStream(options.credentialsFile().get())) {
      return FixedCredentialsProvider.create(
          GoogleCredentials.fromStream(in).createScoped(SpeechSettings.getDefaultServiceScopes()));
    } catch (IOException e) {
      throw new IOException(
          options.credentialsFile().get()
              + ": not a readable Google service account key ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  @Override
  public Recognition listen(String locale, List<String> hints) {
    RecognitionConfig.Builder config =
        RecognitionConfig.newBuilder()
            .setEncoding(RecognitionConfig.AudioEncoding.LINEAR16)
            .setSampleRateHertz(Recognition.SAMPLE_RATE_HERTZ)
            .setAudioChannelCount(1)
            .setLanguageCode(locale)
            .setMaxAlternatives(1);
    List<String> phrases =
        hints.stream()
            .map(String::trim)
            .filter(h -> !h.isEmpty() && h.length() <= MAX_HINT_LENGTH)
            .distinct()
            .toList();
    if (!phrases.isEmpty()) {
      config.addSpeechContexts(SpeechContext.newBuilder().addAllPhrases(phrases));
    }
    StreamingRecognitionConfig streaming =
        StreamingRecognitionConfig.newBuilder()
            .setConfig(config)
            .setSingleUtterance(true)
            .setInterimResults(false)
            .build();
    Listening listening = new Listening();
    listening.start(streaming);
    return listening;
  }

  /** Closes the client and its connection, waiting a few seconds for calls still open. */
  @Override
  public void close() {
    client.close();
    try {
      client.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One {@code StreamingRecognize} call. */
  private final class Listening
      implements Recognition, ResponseObserver<StreamingRecognizeResponse> {

    private final CompletableFuture<Heard> result = new CompletableFuture<>();
    private ClientStream<StreamingRecognizeRequest> stream;
    private StreamController controller;
    private boolean sending;

    synchronized void start(StreamingRecognitionConfig config) {
      stream = client.streamingRecognizeCallable().splitCall(this);
      stream.send(StreamingRecognizeRequest.newBuilder().setStreamingConfig(config).build());
      sending = true;
    }

    @Override
    public synchronized void audio(byte[] samples) {
      if (sending && !result.isDone()) {
        stream.send(
            StreamingRecognizeRequest.newBuilder()
                .setAudioContent(ByteString.copyFrom(samples))
                .build());
      }
    }

    @Override
    public synchronized void end() {
      if (sending) {
        sending = false;
        stream.closeSend();
      }
    }

    @Override
    public void cancel() {
      result.complete(new Heard.Nothing());
      StreamController c;
      synchronized (this) {
        sending = false;
        c = controller;
      }
      if (c != null) {
        c.cancel();
      }
    }

    @Override
    public CompletionStage<Heard> result() {
      return result;
    }

    @Override
    public synchronized void onStart(StreamController controller) {
      this.controller = controller;
    }

    @Override
    public void onResponse(StreamingRecognizeResponse response) {
      if (response.hasError() && response.getError().getCode() != 0) {
        result.complete(
            new Heard.Failed(
                "Google Speech error "
                    + response.getError().getCode()
                    + ": "
                    + response.getError().getMessage()));
        cancel();
        return;
      }
      if (response.getSpeechEventType()
          == StreamingRecognizeResponse.SpeechEventType.END_OF_SINGLE_UTTERANCE) {
        // The caller stopped speaking: no more audio is wanted; the final result follows.
        end();
      }
      for (StreamingRecognitionResult r : response.getResultsList()) {
        if (r.getIsFinal() && r.getAlternativesCount() > 0) {
          SpeechRecognitionAlternative best = r.getAlternatives(0);
          if (!best.getTranscript().isBlank()) {
            result.complete(new Heard.Words(best.getTranscript().trim(), confidence(best)));
            end();
            return;
          }
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      result.complete(new Heard.Failed(describe(t)));
    }

    @Override
    public void onComplete() {
      result.complete(new Heard.Nothing());
    }
  }

  /**
   * Google's 0 means "not computed", not "no confidence". The float is read as its shortest decimal
   * (0.9f as 0.9, not 0.8999999761581421), as Google shows it.
   */
  private static double confidence(SpeechRecognitionAlternative alternative) {
    float c = alternative.getConfidence();
    return c <= 0f ? -1 : Math.min(1.0, Double.parseDouble(Float.toString(c)));
  }

  private static String describe(Throwable t) {
    if (t instanceof ApiException api) {
      return "Google Speech " + api.getStatusCode().getCode() + ": " + api.getMessage();
    }
    return t.toString();
  }
}
