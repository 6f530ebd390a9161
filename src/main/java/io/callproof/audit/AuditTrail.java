package io.callproof.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * Appends events to the audit trail. It only inserts: the table refuses updates and deletes, so
 * that what was recorded stays as it was.
 */
public final class AuditTrail {

  private static final String INSERT =
      "insert into audit_event (tenant_id, at, kind, call_sid, contact_id, data)"
          + " select $1, $2, e.kind, e.call_sid, e.contact_id, e.data::jsonb"
          + " from unnest($3::text[], $4::text[], $5::uuid[], $6::text[]) with ordinality"
          + " as e (kind, call_sid, contact_id, data, n)"
          + " order by e.n";

  /**
   * Appends events within the caller's transaction, so that they are recorded together with the
   * change they describe, or not at all.
   */
  public Future<Void> append(SqlClient tx, String tenantId, Instant at, List<AuditEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = events.size();
    String[] kinds = new String[n];
    String[] callSids = new String[n];
    UUID[] contacts = new UUID[n];
    String[] data = new String[n];
    for (int i = 0; i < n; i++) {
      AuditEvent e = events.get(i);
      kinds[i] = e.kind();
      callSids[i] = e.callSid();
      contacts[i] = e.contactId();
      data[i] = new JsonObject(new HashMap<String, Object>(e.data())).encode();
    }
    // One statement for all the events, in their order: the ids the table gives them follow it.
    return tx.preparedQuery(INSERT)
        .execute(Tuple.of(tenantId, at.atOffset(ZoneOffset.UTC), kinds, callSids, contacts, data))
        .mapEmpty();
  }
}
