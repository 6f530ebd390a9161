package io.callproof.flow;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a call stands in its flow: the flow and step, and the facts that the call's tasks have
 * learnt so far (the company's name, the last digits of the mobile a code went to). Facts fill in
 * the parameters of prompts. Immutable; the engine returns a new state on every move.
 *
 * @param flow the flow's name
 * @param step the current step's name
 * @param facts prompt parameters by name
 */
public record CallState(String flow, String step, Map<String, String> facts) {

  public CallState {
    facts = Map.copyOf(facts);
  }

  CallState at(String nextStep) {
    return new CallState(flow, nextStep, facts);
  }

  CallState with(Map<String, String> moreFacts) {
    if (moreFacts.isEmpty()) {
      return this;
    }
    Map<String, String> merged = new HashMap<>(facts);
    merged.putAll(moreFacts);
    return new CallState(flow, step, merged);
  }
}
