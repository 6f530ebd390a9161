package io.callproof.console;

import io.callproof.audit.AuditTrail;
import io.callproof.directory.Tenant;
import io.callproof.verify.Started;
import io.callproof.verify.VerificationRequest;
import io.callproof.verify.VerificationService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A technician's verifications outside a call, as the API and the console pages both start and
 * follow them: each step in one transaction with its audit events, and only within the technician's
 * own tenant (another tenant's contact or verification is as good as absent).
 */
final class Verifications {

  private final Pool pool;
  private final VerificationService verification;
  private final AuditTrail audit;
  private final Clock clock;

  Verifications(Pool pool, VerificationService verification, AuditTrail audit, Clock clock) {
    this.pool = pool;
    this.verification = verification;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Starts a verification of a contact of {@code tenant}.
   *
   * @param method push, sms or email; {@code null} lets the company's policy choose
   * @return what was started, or empty when the tenant has no such contact
   */
  Future<Optional<Started>> start(Tenant tenant, String technicianId, UUID contact, String method) {
    Instant now = clock.instant();
    VerificationRequest request =
        new VerificationRequest(tenant, contact, null, null, null, technicianId, method);
    return pool.withTransaction(
        tx ->
            contactExists(tx, tenant.id(), contact)
                .compose(
                    exists ->
                        !exists
                            ? Future.succeededFuture(Optional.<Started>empty())
                            : verification
                                .start(tx, request, now)
                                .compose(
                                    started ->
                                        audit
                                            .append(tx, tenant.id(), now, started.events())
                                            .map(v -> Optional.of(started)))));
  }

  static Future<Boolean> contactExists(SqlClient tx, String tenantId, UUID contact) {
    return tx.preparedQuery("select 1 from contact where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenantId, contact))
        .map(rows -> rows.size() > 0);
  }

  /**
   * How a verification of the tenant stands. Reading a push approval past its lifetime closes it,
   * so the status is never stale.
   *
   * @return the status as JSON, or empty when the tenant has no such verification
   */
  Future<Optional<JsonObject>> status(String tenantId, UUID id) {
    Instant now = clock.instant();
    return pool.withTransaction(
        tx ->
            verification
                .status(tx, tenantId, id)
                .compose(
                    found ->
                        isPendingPush(found)
                            ? verification
                                .approvalState(tx, tenantId, id, now)
                                .compose(s -> audit.append(tx, tenantId, now, s.events()))
                                .compose(v -> verification.status(tx, tenantId, id))
                            : Future.succeededFuture(found)));
  }

  private static boolean isPendingPush(Optional<JsonObject> found) {
    return found.isPresent()
        && "pending".equals(found.get().getString("status"))
        && "push".equals(found.get().getString("method"));
  }

  /**
   * Checks a code the person reads out, against the verification's budget of wrong entries.
   *
   * @return the status afterwards with {@code attempts_left}, or empty when the tenant has no such
   *     verification
   */
  Future<Optional<JsonObject>> checkCode(String tenantId, UUID id, String code) {
    Instant now = clock.instant();
    return pool.withTransaction(
        tx ->
            verification
                .status(tx, tenantId, id)
                .compose(
                    found ->
                        found.isEmpty()
                            ? Future.succeededFuture(Optional.<JsonObject>empty())
                            : verification
                                .checkCode(tx, tenantId, id, code, now)
                                .compose(
                                    check ->
                                        audit
                                            .append(tx, tenantId, now, check.events())
                                            .compose(v -> verification.status(tx, tenantId, id))
                                            .map(
                                                s ->
                                                    s.map(
                                                        j ->
                                                            j.put(
                                                                "attempts_left",
                                                                check.attemptsLeft()))))));
  }
}
