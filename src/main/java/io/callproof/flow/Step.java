package io.callproof.flow;

import java.util.Map;

/**
 * One named step of a flow.
 *
 * @param name the step's name, unique within its flow
 * @param kind what the step does
 * @param prompt the catalog key of the prompt it speaks, or {@code null} for a silent step
 * @param next the next step's name for each outcome of {@code kind}; empty for a terminal step
 * @param queue for a route step, the queue it hands the call to; otherwise {@code null}
 * @param to for a route step, {@code last-caller} to ring the technician the call's checks found
 *     (when available) before the queue; otherwise {@code null}
 */
public record Step(
    String name, StepKind kind, String prompt, Map<String, String> next, String queue, String to) {

  public Step {
    next = Map.copyOf(next);
  }

  /** The step that follows {@code outcome}; flows are validated so that it always exists. */
  String nextFor(String outcome) {
    String target = next.get(outcome);
    if (target == null) {
      throw new IllegalArgumentException(
          "step '" + name + "' has no outcome '" + outcome + "' (it has " + next.keySet() + ")");
    }
    return target;
  }
}
