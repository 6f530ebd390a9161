package io.callproof.flow;

import java.util.Map;

/** What the engine is told: something the caller did, or the result of a task it asked for. */
public sealed interface Input {

  /** The caller typed (or said) these characters; raw, not yet checked in any way. */
  record Digits(String digits) implements Input {}

  /**
   * The caller spoke and the line's recogniser heard this: what was heard, not yet understood. Both
   * lines feed it as it came; the engine makes digits, a choice or an intent of it for the step
   * that asked. A transcript is caller input (it may hold a code) and is never logged.
   *
   * @param transcript the recogniser's best transcript, as it gave it (words or numerals)
   * @param confidence how sure the recogniser was, from 0 to 1; or -1 when it gave no confidence.
   *     Google Cloud Speech reports 0 for "not given", so its adapter passes -1 for a 0
   */
  record Spoken(String transcript, double confidence) implements Input {
    /** The sentinel for a recogniser that gave no confidence. */
    public static final double NOT_GIVEN = -1;

    public Spoken {
      if (transcript == null) {
        throw new IllegalArgumentException("a spoken input needs a transcript (empty for silence)");
      }
      if (confidence != NOT_GIVEN && (confidence < 0 || confidence > 1)) {
        throw new IllegalArgumentException(
            "confidence must be from 0 to 1, or -1 when not given: " + confidence);
      }
    }

    /** Whether the recogniser gave a confidence with the transcript. */
    public boolean hasConfidence() {
      return confidence != NOT_GIVEN;
    }
  }

  /** The line waited for the caller and nothing came. */
  record NoInput() implements Input {}

  /**
   * A task the engine asked for has finished.
   *
   * @param outcome one of the outcomes of the step that asked for it
   * @param facts facts learnt, added to the call's state
   */
  record TaskDone(String outcome, Map<String, String> facts) implements Input {
    public TaskDone {
      facts = Map.copyOf(facts);
    }

    public TaskDone(String outcome) {
      this(outcome, Map.of());
    }
  }
}
