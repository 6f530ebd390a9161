package io.callproof.verify;

import io.callproof.audit.AuditEvent;
import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import io.callproof.message.Outbox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Enrolling a contact's phone for push approvals. The link goes by text to the contact's registered
 * mobile only, never by email and never to a number still inside its trust window, so that whoever
 * enrols holds the registered phone; a link works once, for a day.
 */
public final class Enrolments {

  /** How long an enrolment link works. */
  public static final Duration LINK_LIFETIME = Duration.ofHours(24);

  /**
   * How a request to enrol ended.
   *
   * @param sent whether a link was texted
   * @param reason why not ({@code contact-disabled}, {@code no-trusted-mobile}, {@code
   *     send-limit}), or {@code null}
   * @param events what to append to the audit trail
   */
  public record Sent(boolean sent, String reason, List<AuditEvent> events) {}

  /**
   * A device enrolled from a link.
   *
   * @param tenantId the contact's tenant, or {@code null} when the link is unknown, used or old
   * @param contactId the contact
   * @param events what to append to the audit trail
   */
  public record Enrolled(String tenantId, UUID contactId, List<AuditEvent> events) {}

  private final VerificationPolicy figures;
  private final Outbox outbox;
  private final VerificationService.Messages messages;
  private final Optional<String> linkBase;

  public Enrolments(
      VerificationPolicy figures,
      Outbox outbox,
      VerificationService.Messages messages,
      Optional<String> linkBase) {
    this.figures = figures;
    this.outbox = outbox;
    this.messages = messages;
    this.linkBase = linkBase;
  }

  /**
   * Texts an enrolment link to the contact's trusted registered mobile.
   *
   * @param requestedBy the technician who asked, for the record
   */
  public Future<Sent> send(
      SqlClient tx, Tenant tenant, UUID contactId, String requestedBy, Instant now) {
    VerificationRequest request =
        new VerificationRequest(tenant, contactId, null, null, null, requestedBy, null);
    return ContactState.load(tx, request, figures, outbox, now)
        .compose(
            state -> {
              String reason = null;
              if (state.disabled()) {
                reason = "contact-disabled";
              } else if (state.trustedMobile() == null) {
                reason = "no-trusted-mobile";
              } else if (state.recentSends() >= figures.contactSendLimit()) {
                reason = "send-limit";
              } else if (linkBase.isEmpty()) {
                reason = "no-public-url";
              }
              if (reason != null) {
                return Future.succeededFuture(
                    new Sent(
                        false,
                        reason,
                        List.of(
                            new AuditEvent(
                                "enrolment-refused",
                                null,
                                contactId,
                                Map.of("reason", reason, "technician", requestedBy)))));
              }
              String token = Tokens.newToken();
              String text = messages.enrolmentText(tenant, linkBase.get() + "/enrol/" + token);
              return tx.preparedQuery(
                      "insert into enrolment (tenant_id, token, contact_id, created_at,"
                          + " expires_at) values ($1, $2, $3, $4, $5)")
                  .execute(
                      Tuple.of(
                          tenant.id(),
                          Buffer.buffer(Tokens.hash(token)),
                          contactId,
                          VerificationService.utc(now),
                          VerificationService.utc(now.plus(LINK_LIFETIME))))
                  .compose(
                      r ->
                          outbox.queueText(
                              tx, tenant.id(), contactId, null, state.trustedMobile(), text, now))
                  .map(
                      v ->
                          new Sent(
                              true,
                              null,
                              List.of(
                                  new AuditEvent(
                                      "enrolment-sent",
                                      null,
                                      contactId,
                                      Map.of(
                                          "to",
                                          PhoneNumbers.mask(state.trustedMobile()),
                                          "technician",
                                          requestedBy)))));
            });
  }

  /**
   * Enrols the device of a push subscription from an enrolment link, once.
   *
   * @param label what the device says it is (its user agent), shown to administrators
   */
  public Future<Enrolled> enrol(
      SqlClient tx,
      String token,
      String endpoint,
      String p256dh,
      String auth,
      String label,
      Instant now) {
    return tx.preparedQuery(
            "update enrolment set used_at = $2 where token = $1 and used_at is null"
                + " and expires_at > $2 returning tenant_id, contact_id")
        .execute(Tuple.of(Buffer.buffer(Tokens.hash(token)), VerificationService.utc(now)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(new Enrolled(null, null, List.of()));
              }
              Row row = rows.iterator().next();
              String tenantId = row.getString("tenant_id");
              UUID contactId = row.getUUID("contact_id");
              UUID device = UUID.randomUUID();
              return tx.preparedQuery(
                      "insert into push_device (tenant_id, id, contact_id, endpoint, p256dh, auth,"
                          + " label, enrolled_at) values ($1, $2, $3, $4, $5, $6, $7, $8)")
                  .execute(
                      Tuple.of(
                          tenantId,
                          device,
                          contactId,
                          endpoint,
                          p256dh,
                          auth,
                          label,
                          VerificationService.utc(now)))
                  .map(
                      r ->
                          new Enrolled(
                              tenantId,
                              contactId,
                              List.of(
                                  new AuditEvent(
                                      "device-enrolled",
                                      null,
                                      contactId,
                                      Map.of("device", device.toString())))));
            });
  }
}
