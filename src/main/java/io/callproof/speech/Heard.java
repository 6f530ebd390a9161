package io.callproof.speech;

/** What a recogniser made of a caller's answer. */
public sealed interface Heard {

  /**
   * Words were recognised.
   *
   * @param transcript the words as recognised, never logged (they may be a code)
   * @param confidence from 0 to 1, or -1 when the recogniser gave none
   */
  record Words(String transcript, double confidence) implements Heard {
    public Words {
      if (confidence != -1 && (confidence < 0 || confidence > 1)) {
        throw new IllegalArgumentException(
            "confidence " + confidence + " is neither -1 (not given) nor from 0 to 1");
      }
    }

    /** Keeps the words out of logs: they may be a code. */
    @Override
    public String toString() {
      return "Words[" + transcript.length() + " characters, confidence " + confidence + "]";
    }
  }

  /** Nothing was said, or nothing the recogniser could make words of. */
  record Nothing() implements Heard {}

  /**
   * The recogniser could not listen (unreachable, refused the credentials, an error); nothing about
   * the caller follows from it.
   *
   * @param reason what went wrong, for the log; never the caller's words
   */
  record Failed(String reason) implements Heard {}
}
