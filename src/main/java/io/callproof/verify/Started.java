package io.callproof.verify;

import io.callproof.audit.AuditEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How starting a verification (or sending it a new code) ended.
 *
 * @param outcome what was started, or why nothing was
 * @param verificationId the verification, or {@code null} when none was started
 * @param facts what the line may say about it: {@code matchNumber}, {@code mobileEnding}, {@code
 *     codeLength}, {@code minutes}
 * @param reason why nothing was started ({@code contact-disabled}, {@code no-trusted-mobile},
 *     {@code send-limit}, {@code caller-limit}, {@code tenant-text-limit}, {@code no-method}), or
 *     {@code null}
 * @param events what to append to the audit trail with the change
 */
public record Started(
    Outcome outcome,
    UUID verificationId,
    Map<String, String> facts,
    String reason,
    List<AuditEvent> events) {

  /** What a start did; the names are the flow outcomes of the starting step. */
  public enum Outcome {
    PUSH("push"),
    SMS("sms"),
    EMAIL("email"),
    UNAVAILABLE("unavailable"),
    LOCKED("locked"),
    FAILED("failed");

    private final String word;

    Outcome(String word) {
      this.word = word;
    }

    /** The flow outcome, and the method's name for methods. */
    public String word() {
      return word;
    }

    /** Whether something was sent to the contact. */
    public boolean sent() {
      return this == PUSH || this == SMS || this == EMAIL;
    }
  }

  public Started {
    facts = Map.copyOf(facts);
    events = List.copyOf(events);
  }
}
