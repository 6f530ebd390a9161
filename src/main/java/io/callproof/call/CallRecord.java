package io.callproof.call;

import io.callproof.audit.AuditEvent;
import io.callproof.directory.Tenant;
import io.callproof.flow.Flow;
import io.callproof.route.Badge;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A call's stored row while one turn works on it, locked for the turn's transaction. Mutable, and
 * confined to that one turn.
 */
final class CallRecord {

  final Tenant tenant;
  final String callSid;
  final String from;
  final String stir;
  final String flow;
  String step;
  Map<String, String> facts;
  int turn;
  UUID contactId;
  UUID verificationId;
  Badge badge;
  String status;
  boolean textQueued;
  final List<AuditEvent> events = new ArrayList<>();

  private CallRecord(
      Tenant tenant,
      String callSid,
      String from,
      String stir,
      String flow,
      String step,
      Map<String, String> facts,
      int turn,
      Badge badge,
      String status) {
    this.tenant = tenant;
    this.callSid = callSid;
    this.from = from;
    this.stir = stir;
    this.flow = flow;
    this.step = step;
    this.facts = facts;
    this.turn = turn;
    this.badge = badge;
    this.status = status;
  }

  static CallRecord started(Tenant tenant, IncomingCall call, Flow flow, Badge badge) {
    return new CallRecord(
        tenant,
        call.callSid(),
        call.from(),
        call.stir(),
        flow.name(),
        flow.start(),
        Map.of(),
        0,
        badge,
        "in-flow");
  }

  /** Loads and locks a call for the rest of the transaction. */
  static Future<CallRecord> lock(SqlConnection conn, Tenant tenant, String callSid) {
    return conn.preparedQuery(
            "select from_number, stir, flow, step, facts, turn, contact_id, verification_id, badge,"
                + " status from call where tenant_id = $1 and call_sid = $2 for update")
        .execute(Tuple.of(tenant.id(), callSid))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new UnknownCallException(callSid);
              }
              Row row = rows.iterator().next();
              Map<String, String> facts = new HashMap<>();
              row.getJsonObject("facts")
                  .forEach(e -> facts.put(e.getKey(), e.getValue().toString()));
              CallRecord record =
                  new CallRecord(
                      tenant,
                      callSid,
                      row.getString("from_number"),
                      row.getString("stir"),
                      row.getString("flow"),
                      row.getString("step"),
                      facts,
                      row.getInteger("turn"),
                      Badge.fromFields(row.getJsonObject("badge").getMap()),
                      row.getString("status"));
              record.contactId = row.getUUID("contact_id");
              record.verificationId = row.getUUID("verification_id");
              return record;
            });
  }

  /**
   * Stores the call's new state and this turn's answer. Both statements are sent at once, in one
   * round trip: they run in order on the connection, and either failing fails the transaction.
   */
  Future<Void> save(SqlConnection conn, Answer answer, Instant now) {
    Future<?> state =
        conn.preparedQuery(
                "update call set step = $3, facts = $4, turn = $5, contact_id = $6,"
                    + " verification_id = $7, badge = $8, status = $9, updated_at = $10"
                    + " where tenant_id = $1 and call_sid = $2")
            .execute(
                Tuple.of(
                    tenant.id(),
                    callSid,
                    step,
                    new JsonObject(new HashMap<>(facts)),
                    turn,
                    contactId,
                    verificationId,
                    new JsonObject(new HashMap<>(badge.fields())),
                    status,
                    now.atOffset(ZoneOffset.UTC)));
    Future<?> stored =
        conn.preparedQuery(
                "insert into call_turn (tenant_id, call_sid, turn, answer)"
                    + " values ($1, $2, $3, $4)")
            .execute(Tuple.of(tenant.id(), callSid, answer.turn(), answer.toJson()));
    return Future.all(state, stored).mapEmpty();
  }
}
