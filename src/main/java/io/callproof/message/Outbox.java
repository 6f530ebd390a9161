package io.callproof.message;

import io.callproof.crypto.Sealer;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Queues texts in PostgreSQL in the same transaction as the change that needs them, so that a text
 * is queued if and only if, say, its code was issued. The body is sealed under the installation key
 * while it waits and wiped once the provider has taken it.
 */
public final class Outbox {

  private final Sealer sealer;
  private final TextTally texts = new TextTally();

  public Outbox(Sealer sealer) {
    this.sealer = sealer;
  }

  /**
   * Texts the tenant queued in the last hour, for its text limit: exact up to {@code most}, and
   * possibly short by the texts other nodes queued in the last second (see {@link TextTally}).
   *
   * @param tx the caller's transaction, read when this node's tally is over a second old
   */
  public Future<Long> textsLastHour(SqlClient tx, String tenantId, long most, Instant now) {
    return texts.lastHour(tx, tenantId, most, now);
  }

  /**
   * Queues a text within {@code tx}.
   *
   * @param to E.164 number
   */
  public Future<Void> queueText(
      SqlClient tx,
      String tenantId,
      UUID contactId,
      UUID verificationId,
      String to,
      String body,
      Instant now) {
    return queue(tx, tenantId, "sms", contactId, verificationId, to, null, body, now);
  }

  /** Queues an email within {@code tx}; the subject is the body's first line. */
  public Future<Void> queueEmail(
      SqlClient tx,
      String tenantId,
      UUID contactId,
      UUID verificationId,
      String address,
      String subject,
      String body,
      Instant now) {
    return queue(
        tx,
        tenantId,
        "email",
        contactId,
        verificationId,
        null,
        address,
        subject + "\n" + body,
        now);
  }

  /** Queues a push notification to one enrolled device within {@code tx}. */
  public Future<Void> queuePush(
      SqlClient tx,
      String tenantId,
      UUID contactId,
      UUID verificationId,
      UUID deviceId,
      String payload,
      Instant now) {
    return queue(
        tx, tenantId, "push", contactId, verificationId, null, deviceId.toString(), payload, now);
  }

  private Future<Void> queue(
      SqlClient tx,
      String tenantId,
      String channel,
      UUID contactId,
      UUID verificationId,
      String number,
      String address,
      String body,
      Instant now) {
    return tx.preparedQuery(
            "insert into outbox_message (tenant_id, channel, contact_id, verification_id,"
                + " to_number, to_address, body, status, next_attempt_at, created_at)"
                + " values ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $8)")
        .execute(
            Tuple.of(
                tenantId,
                channel,
                contactId,
                verificationId,
                number,
                address,
                io.vertx.core.buffer.Buffer.buffer(sealer.seal(body, bodyContext(tenantId))),
                now.atOffset(ZoneOffset.UTC)))
        .<Void>mapEmpty()
        .onSuccess(
            v -> {
              if ("sms".equals(channel)) {
                texts.queued(tenantId);
              }
            });
  }

  /**
   * Records what the provider reported of a text it took, from its signed status callback.
   *
   * @param providerId the provider's id of the message
   * @param status the provider's word, such as {@code delivered} or {@code undelivered}
   * @param errorCode the provider's error code, or {@code null}
   * @return whether a text of this tenant had that id
   */
  public Future<Boolean> recordProviderStatus(
      io.vertx.sqlclient.Pool pool,
      String tenantId,
      String providerId,
      String status,
      String errorCode,
      Instant now) {
    String settled =
        switch (status) {
          case "delivered" -> "delivered";
          case "failed", "undelivered" -> "failed";
          default -> null;
        };
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "update outbox_message set status = coalesce($3, status),"
                        + " error = coalesce($4, error) where tenant_id = $1 and provider_id = $2"
                        + " returning id, contact_id, to_number")
                .execute(Tuple.of(tenantId, providerId, settled, errorCode))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(false);
                      }
                      io.vertx.sqlclient.Row row = rows.iterator().next();
                      java.util.Map<String, String> data = new java.util.HashMap<>();
                      data.put("message", Long.toString(row.getLong("id")));
                      data.put(
                          "to",
                          io.callproof.directory.PhoneNumbers.mask(row.getString("to_number")));
                      data.put("status", status);
                      if (errorCode != null) {
                        data.put("error_code", errorCode);
                      }
                      return new io.callproof.audit.AuditTrail()
                          .append(
                              tx,
                              tenantId,
                              now,
                              java.util.List.of(
                                  new io.callproof.audit.AuditEvent(
                                      "message-status", null, row.getUUID("contact_id"), data)))
                          .map(true);
                    }));
  }

  static String bodyContext(String tenantId) {
    return "outbox-body:" + tenantId;
  }
}
