package io.callproof.audit;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An audit event as the database holds it: what the chain seals, the check recomputes and the
 * export writes out.
 *
 * @param tenantId the tenant whose chain it belongs to
 * @param id its id in {@code audit_event}
 * @param at when it happened, to the microsecond
 * @param kind what happened
 * @param callSid the call it belongs to, or {@code null}
 * @param contactId the contact it concerns, or {@code null}
 * @param data details; values are strings when written by {@link AuditTrail}
 */
record StoredEvent(
    String tenantId,
    long id,
    Instant at,
    String kind,
    String callSid,
    UUID contactId,
    JsonObject data) {

  /** The columns {@link #from} reads, for a query on {@code audit_event e}. */
  static final String COLUMNS = "e.tenant_id, e.id, e.at, e.kind, e.call_sid, e.contact_id, e.data";

  /** Reads the {@link #COLUMNS} of a row. */
  static StoredEvent from(Row row) {
    OffsetDateTime at = row.getOffsetDateTime("at");
    return new StoredEvent(
        row.getString("tenant_id"),
        row.getLong("id"),
        at.toInstant(),
        row.getString("kind"),
        row.getString("call_sid"),
        row.getUUID("contact_id"),
        row.getJsonObject("data"));
  }
}
