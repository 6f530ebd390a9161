package io.callproof.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a flow step does, and the outcomes after which the flow names a next step. */
public enum StepKind {
  /** Looks the calling number up in the directory. */
  IDENTIFY_CALLER("identify-caller", false, false, "contact", "unknown", "withheld", "shared"),
  /** Asks callers to key in their employee number or their own direct number. */
  IDENTIFY_SELF("identify-self", true, true, "contact", "unknown", "no-input"),
  /** Starts a verification by the first method the contact's company policy allows. */
  START_VERIFICATION(
      "start-verification",
      false,
      false,
      "push",
      "sms",
      "email",
      "unavailable",
      "locked",
      "failed"),
  /** Texts a code for the call's verification (instead of its approval), or starts one. */
  SEND_CODE("send-code", false, false, "sent", "unavailable"),
  /** Speaks its prompt while collecting a code on the keypad, then checks it. */
  ASK_CODE("ask-code", true, true, "verified", "wrong", "no-input", "failed", "expired"),
  /** Holds the caller in short segments until the push approval is answered or {@code *}. */
  WAIT_APPROVAL("wait-approval", false, true, "approved", "denied", "failed", "expired", "star"),
  /**
   * Looks for a recent outbound call by one of the MSP's technicians to the verified caller; a
   * caller who is not verified learns nothing of calls.
   */
  CHECK_RECENT_CALLS("check-recent-calls", false, false, "called", "none", "not-verified"),
  /**
   * Speaks its prompt while collecting a technician ID, then checks it: {@code called} and {@code
   * not-called} only for a verified caller, {@code genuine} for anyone else.
   */
  ASK_TECHNICIAN_ID(
      "ask-technician-id",
      true,
      true,
      "called",
      "not-called",
      "genuine",
      "former",
      "unknown",
      "no-input"),
  /**
   * Speaks its prompt and listens to why the caller is calling: one outcome per intent of the
   * intent catalog (a spoken answer), {@code no-input} for silence or a key, {@code unclear} for
   * speech that was not made out. Key 9 switches between English and French and asks again. On a
   * line that cannot hear speech it asks nothing and ends with {@code no-input}.
   */
  ASK_INTENT("ask-intent", true, true, "no-input", "unclear"),
  /**
   * Speaks its prompt and waits for one key: 1 is {@code yes}; anything else or silence no. A
   * spoken yes, no or number counts the same; an unclear one is asked again.
   */
  OFFER("offer", true, true, "yes", "no"),
  /** Records a possible impersonation of the MSP and warns its administrators. */
  REPORT_IMPERSONATION("report-impersonation", false, false, "done"),
  /** Speaks its prompt. */
  SAY("say", true, false, "done"),
  /** Hands the call to the helpdesk's technicians with the call's badge; ends the flow. */
  ROUTE("route", false, false),
  /** Ends the call. */
  HANGUP("hangup", false, false);

  private final String yamlName;
  private final boolean needsPrompt;
  private final boolean waits;
  private final List<String> outcomes;

  StepKind(String yamlName, boolean needsPrompt, boolean waits, String... outcomes) {
    this.yamlName = yamlName;
    this.needsPrompt = needsPrompt;
    this.waits = waits;
    this.outcomes = List.of(outcomes);
  }

  /** Whether a step of this kind waits for the caller (or, for an approval, the contact). */
  public boolean waits() {
    return waits;
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
