package io.callproof.verify;

import io.callproof.audit.AuditEvent;
import io.callproof.message.AdminAlerts;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lock-outs. A contact whose verifications fail (or are denied) three times within 24 hours is
 * locked: 15 minutes, then 1 hour, then 24 hours for each further lock within 24 hours. Failures
 * before a lock do not count towards the next one. A locked contact is still routed to a
 * technician, with the {@code locked} badge; an administrator can release a lock.
 */
public final class Locks {

  private static final Logger log = LoggerFactory.getLogger(Locks.class);

  private final VerificationPolicy figures;
  private final AdminAlerts alerts;

  Locks(VerificationPolicy figures, AdminAlerts alerts) {
    this.figures = figures;
    this.alerts = alerts;
  }

  /** After a verification of the contact failed: locks it when this failure is one too many. */
  Future<List<AuditEvent>> afterFailure(
      SqlClient tx, String tenantId, UUID contactId, String callSid, Instant now) {
    Instant dayAgo = now.minus(Duration.ofHours(24));
    return tx.preparedQuery(
            "select (select count(*) from verification v where v.tenant_id = $1"
                + "   and v.contact_id = $2 and v.status in ('failed', 'denied')"
                + "   and v.decided_at > greatest($3, coalesce((select max(l.locked_at)"
                + "     from contact_lock l where l.tenant_id = $1 and l.contact_id = $2), $3)))"
                + "   as failures,"
                + " (select count(*) from contact_lock l where l.tenant_id = $1"
                + "   and l.contact_id = $2 and l.locked_at > $3) as recent_locks")
        .execute(Tuple.of(tenantId, contactId, VerificationService.utc(dayAgo)))
        .compose(
            rows -> {
              Row row = rows.iterator().next();
              if (row.getLong("failures") < figures.lockAfterFailures()) {
                return Future.succeededFuture(List.<AuditEvent>of());
              }
              int level = (int) row.getLong("recent_locks").longValue() + 1;
              return lock(tx, tenantId, contactId, callSid, level, now);
            });
  }

  private Future<List<AuditEvent>> lock(
      SqlClient tx, String tenantId, UUID contactId, String callSid, int level, Instant now) {
    Duration duration = figures.lockDuration(level);
    Instant until = now.plus(duration);
    log.warn(
        "tenant={} call={} contact {} locked for {} min after repeated failed verifications;"
            + " an administrator can release it",
        tenantId,
        callSid,
        contactId,
        duration.toMinutes());
    return tx.preparedQuery(
            "insert into contact_lock (tenant_id, id, contact_id, level, locked_at, locked_until)"
                + " values ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.of(
                tenantId,
                UUID.randomUUID(),
                contactId,
                level,
                VerificationService.utc(now),
                VerificationService.utc(until)))
        .compose(
            r ->
                alerts.raise(
                    tx,
                    tenantId,
                    lockAlert(tenantId, contactId, callSid, level, duration, until),
                    now))
        .map(
            r ->
                List.of(
                    new AuditEvent(
                        "contact-locked",
                        callSid,
                        contactId,
                        Map.of(
                            "level", Integer.toString(level),
                            "until", until.toString(),
                            "alert", "repeated-failures"))));
  }

  private static AdminAlerts.Alert lockAlert(
      String tenantId,
      UUID contactId,
      String callSid,
      int level,
      Duration duration,
      Instant until) {
    Map<String, String> details = new java.util.LinkedHashMap<>();
    details.put(
        "Locked for", duration.toMinutes() + " minutes (lock " + level + " within 24 hours)");
    details.put("Until", until.toString());
    details.put(
        "What to do",
        "The contact's callers still reach a technician, with the locked badge. If the failures"
            + " were the contact's own, release the lock: java -jar callproof.jar unlock "
            + tenantId
            + " "
            + contactId);
    return new AdminAlerts.Alert(
        "A contact is locked out after repeated failed verifications",
        callSid,
        contactId,
        null,
        details);
  }

  /**
   * Releases every lock of a contact now. Needs none of the figures, so an administrator's command
   * can call it without the service.
   *
   * @param releasedBy who released it, for the record
   * @return the events to record; empty when the contact was not locked
   */
  public static Future<List<AuditEvent>> release(
      SqlClient tx, String tenantId, UUID contactId, String releasedBy, Instant now) {
    return tx.preparedQuery(
            "update contact_lock set released_at = $3, released_by = $4 where tenant_id = $1"
                + " and contact_id = $2 and released_at is null and locked_until > $3")
        .execute(Tuple.of(tenantId, contactId, VerificationService.utc(now), releasedBy))
        .map(
            r ->
                r.rowCount() == 0
                    ? List.<AuditEvent>of()
                    : List.of(
                        new AuditEvent(
                            "contact-unlocked", null, contactId, Map.of("by", releasedBy))));
  }
}
