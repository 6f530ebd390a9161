package io.callproof.flow;

import java.util.Map;

/**
 * What the phone line must do. A turn is zero or more {@link Say}s followed by exactly one {@link
 * Gather}, {@link Connect} or {@link Hangup}.
 */
public sealed interface LineAction {

  /**
   * Speak a prompt.
   *
   * @param prompt the catalog key
   * @param params the values for the prompt's parameters
   */
  record Say(String prompt, Map<String, String> params) implements LineAction {
    public Say {
      params = Map.copyOf(params);
    }
  }

  /**
   * Speak a prompt while collecting keypad digits, then report them (or that none came).
   *
   * @param prompt the catalog key
   * @param params the values for the prompt's parameters
   * @param maxDigits how many digits end the collection without waiting for {@code #}
   */
  record Gather(String prompt, Map<String, String> params, int maxDigits) implements LineAction {
    public Gather {
      params = Map.copyOf(params);
    }
  }

  /**
   * Hold the caller a few seconds while listening for a key, then report it (or that none came).
   *
   * @param seconds how long one segment lasts
   */
  record Hold(int seconds) implements LineAction {}

  /**
   * Hand the call to a queue of technicians; the flow ends here.
   *
   * @param queue the queue's name, as the route step names it
   * @param technicianId the technician to ring first, when available, instead of the queue; or
   *     {@code null}
   */
  record Connect(String queue, String technicianId) implements LineAction {
    public Connect(String queue) {
      this(queue, null);
    }
  }

  /** End the call; the flow ends here. */
  record Hangup() implements LineAction {}
}
