package io.callproof.speech;

import java.util.concurrent.CompletionStage;

/**
 * One answer being listened for. Audio goes in as it arrives; the result completes once, with what
 * was heard, with nothing, or with the recogniser's failure, and never fails exceptionally.
 */
public interface Recognition {

  /** Telephone audio: 8,000 samples a second, 16-bit signed little-endian, mono. */
  int SAMPLE_RATE_HERTZ = 8000;

  /**
   * More of the caller's audio, in the format of {@link #SAMPLE_RATE_HERTZ}. Ignored once the
   * result is complete.
   */
  void audio(byte[] samples);

  /** No more audio will come (the line stopped listening); the recogniser gives its answer. */
  void end();

  /** Stops listening without an answer; the result completes with {@link Heard.Nothing}. */
  void cancel();

  /** What was heard; completes exactly once. */
  CompletionStage<Heard> result();
}
