package io.callproof.audit;

import java.util.Map;
import java.util.UUID;

/**
 * Something that happened, as the audit trail keeps it. Its data never holds a code, a token or a
 * full phone number.
 *
 * @param kind what happened, such as {@code code-sent}
 * @param callSid the call it belongs to, or {@code null}
 * @param contactId the contact it concerns, or {@code null}
 * @param data details, as strings
 */
public record AuditEvent(String kind, String callSid, UUID contactId, Map<String, String> data) {

  public AuditEvent {
    data = Map.copyOf(data);
  }
}
