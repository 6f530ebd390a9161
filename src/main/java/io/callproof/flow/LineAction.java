package io.callproof.flow;

import java.util.List;
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
   * Speak a prompt while collecting the caller's answer, then report it (or that none came). The
   * keypad always works; when {@code speech} is set, the line also listens and reports what it
   * heard as {@link Input.Spoken} (keys win when both came).
   *
   * @param prompt the catalog key
   * @param params the values for the prompt's parameters
   * @param maxDigits how many digits end the collection without waiting for {@code #}
   * @param speech whether a spoken answer is accepted; a line without a recogniser ignores it and
   *     collects keys only
   * @param hints words and phrases the caller is likely to say, to bias the recogniser (digits,
   *     intent phrases); empty for none
   * @param locale the BCP 47 locale to listen and speak in, such as {@code en-US} or {@code fr-CA};
   *     or {@code null} for the line's default
   */
  record Gather(
      String prompt,
      Map<String, String> params,
      int maxDigits,
      boolean speech,
      List<String> hints,
      String locale)
      implements LineAction {
    public Gather {
      params = Map.copyOf(params);
      hints = List.copyOf(hints);
    }

    /** A keypad-only gather in the line's default locale. */
    public Gather(String prompt, Map<String, String> params, int maxDigits) {
      this(prompt, params, maxDigits, false, List.of(), null);
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
