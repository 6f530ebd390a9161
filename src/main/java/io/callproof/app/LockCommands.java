package io.callproof.app;

import io.callproof.audit.AuditEvent;
import io.callproof.audit.AuditTrail;
import io.callproof.verify.Locks;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code unlock} command: an administrator releases a contact's lock-out, so that the contact's
 * next call is verified again. The release and its audit event commit together, on the database the
 * service runs on ({@code CALLPROOF_DB_URL}).
 */
final class LockCommands {

  /** Who the audit trail says released a lock through this command. */
  static final String RELEASED_BY = "administrator (unlock command)";

  private LockCommands() {}

  /**
   * Releases every lock of one contact of one tenant.
   *
   * @param args the tenant's id and the contact's id (a UUID)
   * @return 0 when a lock was released, 1 when the contact was not locked or does not exist, 2 on
   *     bad usage
   */
  static int unlock(
      Settings settings, String[] args, PrintStream out, PrintStream err, Clock clock) {
    if (args.length != 2) {
      return Main.usage(err);
    }
    String tenantId = args[0];
    UUID contactId;
    try {
      contactId = UUID.fromString(args[1]);
    } catch (IllegalArgumentException e) {
      err.println("'" + args[1] + "' is not a contact id (a UUID such as 1b4e28ba-2fa1-...)");
      return 2;
    }
    return DatabaseCommand.run(
        "unlock",
        settings,
        err,
        (vertx, pool) -> {
          Instant now = clock.instant();
          Boolean exists =
              Main.await(
                  pool.preparedQuery("select 1 from contact where tenant_id = $1 and id = $2")
                      .execute(Tuple.of(tenantId, contactId))
                      .map(rows -> rows.size() > 0));
          if (!exists) {
            err.println("tenant " + tenantId + " has no contact " + contactId);
            return 1;
          }
          List<AuditEvent> released =
              Main.await(pool.withTransaction(tx -> release(tx, tenantId, contactId, now)));
          if (released.isEmpty()) {
            out.println("contact " + contactId + " of " + tenantId + " was not locked");
            return 1;
          }
          out.println("released the lock of contact " + contactId + " of " + tenantId);
          return 0;
        });
  }

  private static Future<List<AuditEvent>> release(
      io.vertx.sqlclient.SqlConnection tx, String tenantId, UUID contactId, Instant now) {
    return Locks.release(tx, tenantId, contactId, RELEASED_BY, now)
        .compose(events -> new AuditTrail().append(tx, tenantId, now, events).map(v -> events));
  }
}
