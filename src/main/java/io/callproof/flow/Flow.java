package io.callproof.flow;

import java.util.Map;

/**
 * A validated call flow: every step's outcomes lead to existing steps, every step is reachable from
 * the start, and every prompt exists in the catalog.
 *
 * @param name the flow's name, its file name without {@code .yaml}
 * @param source where it was read from, for messages
 * @param start the first step's name
 * @param steps the steps by name
 */
public record Flow(String name, String source, String start, Map<String, Step> steps) {

  public Flow {
    steps = Map.copyOf(steps);
  }

  Step step(String stepName) {
    Step step = steps.get(stepName);
    if (step == null) {
      throw new IllegalStateException("flow '" + name + "' has no step '" + stepName + "'");
    }
    return step;
  }
}
