package io.callproof.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a flow step does, and the outcomes after which the flow names a next step. */
public enum StepKind {
  /** Looks the calling number up in the directory. */
  IDENTIFY_CALLER("identify-caller", false, "contact", "unknown", "withheld", "shared"),
  /** Sends a one-time code to the identified contact's registered mobile. */
  SEND_CODE("send-code", false, "sent", "unavailable"),
  /** Speaks its prompt while collecting a code on the keypad, then checks it. */
  ASK_CODE("ask-code", true, "verified", "wrong", "no-input", "failed", "expired"),
  /** Speaks its prompt. */
  SAY("say", true, "done"),
  /** Hands the call to the helpdesk's technicians with the call's badge; ends the flow. */
  ROUTE("route", false),
  /** Ends the call. */
  HANGUP("hangup", false);

  private final String yamlName;
  private final boolean needsPrompt;
  private final List<String> outcomes;

  StepKind(String yamlName, boolean needsPrompt, String... outcomes) {
    this.yamlName = yamlName;
    this.needsPrompt = needsPrompt;
    this.outcomes = List.of(outcomes);
  }

  /** The name a flow file uses for this kind, as in {@code do: send-code}. */
  public String yamlName() {
    return yamlName;
  }

  /** Whether a step of this kind must name a prompt from the catalog. */
  public boolean needsPrompt() {
    return needsPrompt;
  }

  /** The outcomes this kind can end with; empty for a step that ends the flow. */
  public List<String> outcomes() {
    return outcomes;
  }

  /** Whether the flow ends at a step of this kind. */
  public boolean isTerminal() {
    return outcomes.isEmpty();
  }

  static Optional<StepKind> byYamlName(String name) {
    return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst();
  }

  static String allYamlNames() {
    return Arrays.stream(values()).map(StepKind::yamlName).collect(Collectors.joining(", "));
  }
}
