package io.callproof.verify;

import io.callproof.message.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything a start decides on, read fresh in one query: whether the contact is disabled or
 * locked, its trusted mobile, email and enrolled devices, the counts the limits look at, and its
 * company's policy.
 */
record ContactState(
    UUID contactId,
    boolean disabled,
    OffsetDateTime lockedUntil,
    String trustedMobile,
    String email,
    List<UUID> devices,
    long recentSends,
    long callerAttempts,
    long tenantTexts,
    Policy policy) {

  /**
   * Loads the contact's state; the tenant's texts come from the outbox's tally, read in the same
   * pipeline when it is stale.
   */
  static Future<ContactState> load(
      SqlClient tx,
      VerificationRequest request,
      VerificationPolicy figures,
      Outbox outbox,
      Instant now) {
    Future<Long> tenantTexts =
        outbox.textsLastHour(tx, request.tenant().id(), figures.tenantTextLimit(), now);
    return contact(tx, request, figures, now)
        .compose(row -> tenantTexts.map(texts -> of(request, row, texts, figures)));
  }

  private static Future<Row> contact(
      SqlClient tx, VerificationRequest request, VerificationPolicy figures, Instant now) {
    Instant hourAgo = now.minus(Duration.ofHours(1));
    return tx.preparedQuery(
            "select c.disabled, c.email,"
                + " (select max(l.locked_until) from contact_lock l where l.tenant_id = c.tenant_id"
                + "   and l.contact_id = c.id and l.released_at is null and l.locked_until > $3)"
                + "   as locked_until,"
                + " (select p.e164 from contact_phone p where p.tenant_id = c.tenant_id"
                + "   and p.contact_id = c.id and p.kind = 'mobile' and p.registered_at <= $4"
                + "   order by p.registered_at limit 1) as mobile,"
                + " (select coalesce(json_agg(d.id order by d.enrolled_at), '[]')"
                + "   from push_device d where d.tenant_id = c.tenant_id and d.contact_id = c.id"
                + "   and d.removed_at is null) as devices,"
                + " (select count(*) from outbox_message m where m.tenant_id = c.tenant_id"
                + "   and m.contact_id = c.id and m.created_at > $5) as recent_sends,"
                + " (select count(*) from verification v where v.tenant_id = c.tenant_id"
                + "   and v.caller_number = $6 and v.created_at > $7) as caller_attempts,"
                + " (select row_to_json(p) from policy p where p.tenant_id = c.tenant_id"
                + "   and (p.company_id = c.company_id or p.company_id is null)"
                + "   order by p.company_id nulls last limit 1) as policy"
                + " from contact c where c.tenant_id = $1 and c.id = $2")
        .execute(
            Tuple.of(
                request.tenant().id(),
                request.contactId(),
                VerificationService.utc(now),
                VerificationService.utc(now.minus(figures.trustWindow())),
                VerificationService.utc(now.minus(figures.contactSendWindow())),
                VerificationService.callerBucket(request.callerNumber()),
                VerificationService.utc(hourAgo)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new IllegalStateException("contact " + request.contactId() + " is gone");
              }
              return rows.iterator().next();
            });
  }

  private static ContactState of(
      VerificationRequest request, Row row, long tenantTexts, VerificationPolicy figures) {
    List<UUID> devices = new ArrayList<>();
    new JsonArray(row.getValue("devices").toString())
        .forEach(d -> devices.add(UUID.fromString(d.toString())));
    return new ContactState(
        request.contactId(),
        row.getBoolean("disabled"),
        row.getOffsetDateTime("locked_until"),
        row.getString("mobile"),
        row.getString("email"),
        devices,
        row.getLong("recent_sends"),
        row.getLong("caller_attempts"),
        tenantTexts,
        policy(row.getValue("policy"), figures));
  }

  private static Policy policy(Object value, VerificationPolicy figures) {
    if (value == null) {
      return figures.defaultPolicy();
    }
    JsonObject json = value instanceof JsonObject j ? j : new JsonObject(value.toString());
    return new Policy(
        VerificationService.strings(json.getJsonArray("methods")),
        VerificationService.strings(json.getJsonArray("email_counts_for")),
        Duration.ofSeconds(json.getInteger("code_ttl_seconds")),
        Duration.ofSeconds(json.getInteger("approval_ttl_seconds")));
  }
}
