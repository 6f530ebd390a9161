package io.callproof.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Appends events to the audit trail. It only inserts: the table refuses updates and deletes, so
 * that what was recorded stays as it was.
 */
public final class AuditTrail {

  /**
   * Appends events within the caller's transaction, so that they are recorded together with the
   * change they describe, or not at all.
   */
  public Future<Void> append(SqlClient tx, String tenantId, Instant at, List<AuditEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows =
        events.stream()
            .map(
                e ->
                    Tuple.of(
                        tenantId,
                        at.atOffset(ZoneOffset.UTC),
                        e.kind(),
                        e.callSid(),
                        e.contactId(),
                        new JsonObject(new java.util.HashMap<String, Object>(e.data()))))
            .toList();
    return tx.preparedQuery(
            "insert into audit_event (tenant_id, at, kind, call_sid, contact_id, data)"
                + " values ($1, $2, $3, $4, $5, $6)")
        .executeBatch(rows)
        .mapEmpty();
  }
}
