package io.callproof.verify;

import io.callproof.audit.AuditEvent;
import java.util.List;
import java.util.UUID;

/**
 * What an answer on the approval page did.
 *
 * @param result the verification's state after it; {@code null} when the link is unknown
 * @param triesLeft wrong numbers the page still allows
 * @param tenantId the verification's tenant, or {@code null}
 * @param verificationId the verification, or {@code null}
 * @param events what to append to the audit trail
 */
public record ApprovalAnswer(
    CodeCheck.Result result,
    int triesLeft,
    String tenantId,
    UUID verificationId,
    List<AuditEvent> events) {

  static ApprovalAnswer unknown() {
    return new ApprovalAnswer(null, 0, null, null, List.of());
  }

  static ApprovalAnswer of(CodeCheck check, Pending v, List<AuditEvent> events) {
    return new ApprovalAnswer(check.result(), check.attemptsLeft(), v.tenantId(), v.id(), events);
  }
}
