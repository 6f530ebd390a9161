package io.callproof.flow;

import java.util.Map;

/** What the engine is told: something the caller did, or the result of a task it asked for. */
public sealed interface Input {

  /** The caller typed (or said) these characters; raw, not yet checked in any way. */
  record Digits(String digits) implements Input {}

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
