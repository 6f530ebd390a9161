package io.callproof.verify;

import io.callproof.audit.AuditEvent;
import java.util.List;

/**
 * How an entry of a code (or a silence) ended.
 *
 * @param result what the entry did to the verification
 * @param attemptsLeft wrong entries the verification still allows
 * @param reason why it failed ({@code wrong-codes}, {@code code-expired}, {@code no-answer}), or
 *     {@code null}
 * @param events what to append to the audit trail with the change
 */
public record CodeCheck(Result result, int attemptsLeft, String reason, List<AuditEvent> events) {

  /** What an entry did; the names are the ask-code step's outcomes. */
  public enum Result {
    VERIFIED("verified"),
    WRONG("wrong"),
    NO_INPUT("no-input"),
    FAILED("failed"),
    EXPIRED("expired"),
    /** A push approval not answered yet. */
    WAITING("waiting"),
    /** The contact said the request was not theirs. */
    DENIED("denied");

    private final String outcome;

    Result(String outcome) {
      this.outcome = outcome;
    }

    /** The flow outcome of this result. */
    public String outcome() {
      return outcome;
    }
  }
}
