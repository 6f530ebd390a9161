package io.callproof.console;

import io.callproof.audit.AuditEvent;
import io.callproof.audit.AuditTrail;
import io.callproof.verify.Tokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Issues technicians' API tokens; only their SHA-256 is stored, so a token is shown once. */
public final class ApiTokens {

  private ApiTokens() {}

  /**
   * Issues a token for a technician of a tenant.
   *
   * @return the token, to hand to the technician; fails when there is no such technician
   */
  public static Future<String> issue(
      Pool pool, AuditTrail audit, String tenantId, String technicianId, Instant now) {
    String token = Tokens.newToken();
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("select 1 from technician where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, technicianId))
                .compose(
                    rows ->
                        rows.size() == 0
                            ? Future.failedFuture(
                                new IllegalArgumentException(
                                    "tenant '"
                                        + tenantId
                                        + "' has no technician '"
                                        + technicianId
                                        + "'"))
                            : tx.preparedQuery(
                                    "insert into api_token (tenant_id, token, technician_id,"
                                        + " created_at) values ($1, $2, $3, $4)")
                                .execute(
                                    Tuple.of(
                                        tenantId,
                                        Buffer.buffer(Tokens.hash(token)),
                                        technicianId,
                                        now.atOffset(ZoneOffset.UTC))))
                .compose(
                    r ->
                        audit.append(
                            tx,
                            tenantId,
                            now,
                            List.of(
                                new AuditEvent(
                                    "api-token-issued",
                                    null,
                                    null,
                                    Map.of("technician", technicianId)))))
                .map(v -> token));
  }
}
