package io.callproof.verify;

import io.callproof.audit.AuditEvent;
import java.util.List;
import java.util.UUID;

/**
 * How a request to send a code ended.
 *
 * @param sent whether a code was queued for sending
 * @param verificationId the verification the code belongs to; {@code null} if none was started
 * @param mobileEnding last two digits of the mobile it goes to, for the prompt; or {@code null}
 * @param reason why nothing was sent: {@code contact-disabled}, {@code no-trusted-mobile} or {@code
 *     send-limit}; {@code null} when sent
 * @param events what to append to the audit trail with the change
 */
public record CodeSend(
    boolean sent,
    UUID verificationId,
    String mobileEnding,
    String reason,
    List<AuditEvent> events) {}
