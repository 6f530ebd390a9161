package io.callproof.verify;

import io.callproof.audit.AuditEvent;
import io.callproof.crypto.CodeHasher;
import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import io.callproof.message.Outbox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One-time codes: issued to a contact's registered mobile only, kept as keyed hashes, checked in
 * constant time, and bounded by the verification's budget of wrong entries. Every method works
 * inside the caller's transaction and returns the audit events of what it changed, so that the
 * change and its record commit together.
 */
public final class VerificationService {

  /** The text a code is sent in, from the tenant's name, the code and its lifetime. */
  @FunctionalInterface
  public interface CodeText {
    String render(Tenant tenant, String code, long minutes);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final VerificationPolicy policy;
  private final CodeHasher hasher;
  private final Outbox outbox;
  private final CodeText codeText;

  public VerificationService(
      VerificationPolicy policy, CodeHasher hasher, Outbox outbox, CodeText codeText) {
    this.policy = policy;
    this.hasher = hasher;
    this.outbox = outbox;
    this.codeText = codeText;
  }

  /** The figures this service keeps to. */
  public VerificationPolicy policy() {
    return policy;
  }

  /**
   * Issues a code to a contact's registered mobile and queues the text. The calling number plays no
   * part: the code goes only to a mobile registered for the contact longer than the trust window. A
   * new code replaces the verification's earlier one and keeps its wrong entries.
   *
   * @param verificationId the call's verification, or {@code null} to start one
   * @param callSid the call asking, for the record
   */
  public Future<CodeSend> sendCode(
      SqlClient tx,
      Tenant tenant,
      UUID contactId,
      UUID verificationId,
      String callSid,
      Instant now) {
    return tx.preparedQuery(
            "select c.disabled, p.e164, p.registered_at,"
                + " (select count(*) from outbox_message m where m.tenant_id = c.tenant_id"
                + "   and m.contact_id = c.id and m.channel = 'sms' and m.created_at > $3) as sent"
                + " from contact c left join contact_phone p on p.tenant_id = c.tenant_id"
                + "   and p.contact_id = c.id and p.kind = 'mobile'"
                + " where c.tenant_id = $1 and c.id = $2 order by p.registered_at")
        .execute(Tuple.of(tenant.id(), contactId, utc(now.minus(policy.contactSendWindow()))))
        .compose(rows -> issue(tx, tenant, contactId, verificationId, callSid, now, rows));
  }

  private Future<CodeSend> issue(
      SqlClient tx,
      Tenant tenant,
      UUID contactId,
      UUID verificationId,
      String callSid,
      Instant now,
      RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Future.failedFuture(new IllegalStateException("contact " + contactId + " is gone"));
    }
    Row first = rows.iterator().next();
    String reason = null;
    String mobile = trustedMobile(rows, now);
    if (first.getBoolean("disabled")) {
      reason = "contact-disabled";
    } else if (mobile == null) {
      reason = "no-trusted-mobile";
    } else if (first.getLong("sent") >= policy.contactSendLimit()) {
      reason = "send-limit";
    }
    if (reason != null) {
      AuditEvent refused =
          new AuditEvent("code-not-sent", callSid, contactId, Map.of("reason", reason));
      return Future.succeededFuture(
          new CodeSend(false, verificationId, null, reason, List.of(refused)));
    }
    UUID id = verificationId == null ? UUID.randomUUID() : verificationId;
    String code = newCode();
    byte[] hash = hasher.hash(tenant.id(), id.toString(), code);
    List<AuditEvent> events = new ArrayList<>();
    if (verificationId == null) {
      events.add(
          new AuditEvent(
              "verification-started",
              callSid,
              contactId,
              Map.of("verification", id.toString(), "method", "sms-code")));
    }
    events.add(
        new AuditEvent(
            "code-sent",
            callSid,
            contactId,
            Map.of(
                "verification", id.toString(), "channel", "sms", "to", PhoneNumbers.mask(mobile))));
    String text = codeText.render(tenant, code, policy.codeLifetime().toMinutes());
    return saveCode(tx, tenant.id(), id, contactId, callSid, hash, now, verificationId == null)
        .compose(v -> outbox.queueText(tx, tenant.id(), contactId, id, mobile, text, now))
        .map(v -> new CodeSend(true, id, PhoneNumbers.ending(mobile), null, events));
  }

  private String trustedMobile(RowSet<Row> rows, Instant now) {
    Instant trustedBefore = now.minus(policy.trustWindow());
    for (Row row : rows) {
      OffsetDateTime registered = row.getOffsetDateTime("registered_at");
      if (registered != null && !registered.toInstant().isAfter(trustedBefore)) {
        return row.getString("e164");
      }
    }
    return null;
  }

  private Future<Void> saveCode(
      SqlClient tx,
      String tenantId,
      UUID id,
      UUID contactId,
      String callSid,
      byte[] hash,
      Instant now,
      boolean isNew) {
    OffsetDateTime expires = utc(now.plus(policy.codeLifetime()));
    if (isNew) {
      return tx.preparedQuery(
              "insert into verification (tenant_id, id, call_sid, contact_id, method, status,"
                  + " code_hash, code_key_id, code_expires_at, created_at)"
                  + " values ($1, $2, $3, $4, 'sms-code', 'pending', $5, $6, $7, $8)")
          .execute(
              Tuple.of(
                  tenantId,
                  id,
                  callSid,
                  contactId,
                  Buffer.buffer(hash),
                  hasher.keyId(),
                  expires,
                  utc(now)))
          .mapEmpty();
    }
    return tx.preparedQuery(
            "update verification set code_hash = $3, code_key_id = $4, code_expires_at = $5"
                + " where tenant_id = $1 and id = $2 and status = 'pending'")
        .execute(Tuple.of(tenantId, id, Buffer.buffer(hash), hasher.keyId(), expires))
        .mapEmpty();
  }

  private String newCode() {
    StringBuilder code = new StringBuilder(policy.codeLength());
    for (int i = 0; i < policy.codeLength(); i++) {
      code.append((char) ('0' + RANDOM.nextInt(10)));
    }
    return code.toString();
  }

  /**
   * Checks what a caller entered. Anything but exactly the code's number of digits 0-9 is a wrong
   * entry; so is a right code after the verification's budget is spent.
   *
   * @param entered raw caller input, never logged or recorded
   */
  public Future<CodeCheck> checkCode(
      SqlClient tx, String tenantId, UUID verificationId, String entered, Instant now) {
    return load(tx, tenantId, verificationId)
        .compose(
            v -> {
              if (v.done() != null) {
                return Future.succeededFuture(v.done());
              }
              if (now.isAfter(v.expires())) {
                return decide(tx, v, "failed", "code-expired", CodeCheck.Result.EXPIRED, now);
              }
              boolean right =
                  entered != null
                      && entered.matches("[0-9]{" + policy.codeLength() + "}")
                      && v.hash() != null
                      && hasher.matches(tenantId, verificationId.toString(), entered, v.hash());
              if (right) {
                return decide(tx, v, "verified", null, CodeCheck.Result.VERIFIED, now);
              }
              return wrongEntry(tx, v, now);
            });
  }

  /** Records that the caller was asked for the code and entered nothing. */
  public Future<CodeCheck> noEntry(
      SqlClient tx, String tenantId, UUID verificationId, Instant now) {
    return load(tx, tenantId, verificationId)
        .compose(
            v -> {
              if (v.done() != null) {
                return Future.succeededFuture(v.done());
              }
              if (v.silences() + 1 >= policy.maxSilences()) {
                return decide(tx, v, "failed", "no-answer", CodeCheck.Result.FAILED, now);
              }
              return tx.preparedQuery(
                      "update verification set silences = silences + 1"
                          + " where tenant_id = $1 and id = $2")
                  .execute(Tuple.of(tenantId, verificationId))
                  .map(
                      r ->
                          new CodeCheck(
                              CodeCheck.Result.NO_INPUT,
                              policy.maxWrongEntries() - v.wrongEntries(),
                              null,
                              List.of(event(v, "code-checked", Map.of("result", "no-input")))));
            });
  }

  /** Closes a verification that was still pending when its call ended; no lock-out counts it. */
  public Future<List<AuditEvent>> abandon(
      SqlClient tx, String tenantId, UUID verificationId, Instant now) {
    return tx.preparedQuery(
            "update verification set status = 'abandoned', reason = 'call-ended', code_hash = null,"
                + " decided_at = $3 where tenant_id = $1 and id = $2 and status = 'pending'"
                + " returning call_sid, contact_id")
        .execute(Tuple.of(tenantId, verificationId, utc(now)))
        .map(
            rows -> {
              List<AuditEvent> events = new ArrayList<>();
              for (Row row : rows) {
                events.add(
                    new AuditEvent(
                        "verification-decided",
                        row.getString("call_sid"),
                        row.getUUID("contact_id"),
                        Map.of(
                            "verification",
                            verificationId.toString(),
                            "status",
                            "abandoned",
                            "reason",
                            "call-ended")));
              }
              return events;
            });
  }

  private record Pending(
      String tenantId,
      UUID id,
      String callSid,
      UUID contactId,
      int wrongEntries,
      int silences,
      byte[] hash,
      Instant expires,
      CodeCheck done) {}

  private Future<Pending> load(SqlClient tx, String tenantId, UUID id) {
    return tx.preparedQuery(
            "select status, reason, wrong_entries, silences, code_hash, code_expires_at, call_sid,"
                + " contact_id from verification where tenant_id = $1 and id = $2 for update")
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new IllegalStateException("verification " + id + " does not exist");
              }
              Row row = rows.iterator().next();
              String status = row.getString("status");
              int wrong = row.getInteger("wrong_entries");
              CodeCheck done = null;
              if (!"pending".equals(status)) {
                CodeCheck.Result result =
                    "verified".equals(status) ? CodeCheck.Result.VERIFIED : CodeCheck.Result.FAILED;
                done = new CodeCheck(result, 0, row.getString("reason"), List.of());
              }
              Buffer hash = row.getBuffer("code_hash");
              OffsetDateTime expires = row.getOffsetDateTime("code_expires_at");
              return new Pending(
                  tenantId,
                  id,
                  row.getString("call_sid"),
                  row.getUUID("contact_id"),
                  wrong,
                  row.getInteger("silences"),
                  hash == null ? null : hash.getBytes(),
                  expires == null ? Instant.MIN : expires.toInstant(),
                  done);
            });
  }

  private Future<CodeCheck> wrongEntry(SqlClient tx, Pending v, Instant now) {
    int wrong = v.wrongEntries() + 1;
    int left = policy.maxWrongEntries() - wrong;
    if (left <= 0) {
      return tx.preparedQuery(
              "update verification set wrong_entries = $3 where tenant_id = $1 and id = $2")
          .execute(Tuple.of(v.tenantId(), v.id(), wrong))
          .compose(r -> decide(tx, v, "failed", "wrong-codes", CodeCheck.Result.FAILED, now))
          .map(
              c ->
                  new CodeCheck(
                      c.result(),
                      0,
                      c.reason(),
                      prepend(
                          event(
                              v,
                              "code-checked",
                              Map.of("result", "wrong", "wrong_entries", Integer.toString(wrong))),
                          c.events())));
    }
    return tx.preparedQuery(
            "update verification set wrong_entries = $3 where tenant_id = $1 and id = $2")
        .execute(Tuple.of(v.tenantId(), v.id(), wrong))
        .map(
            r ->
                new CodeCheck(
                    CodeCheck.Result.WRONG,
                    left,
                    null,
                    List.of(
                        event(
                            v,
                            "code-checked",
                            Map.of("result", "wrong", "wrong_entries", Integer.toString(wrong))))));
  }

  private Future<CodeCheck> decide(
      SqlClient tx, Pending v, String status, String reason, CodeCheck.Result result, Instant now) {
    List<AuditEvent> events = new ArrayList<>();
    if (result == CodeCheck.Result.VERIFIED) {
      events.add(event(v, "code-checked", Map.of("result", "right")));
    } else if (result == CodeCheck.Result.EXPIRED) {
      events.add(event(v, "code-checked", Map.of("result", "expired")));
    }
    events.add(
        event(
            v,
            "verification-decided",
            reason == null
                ? Map.of("status", status, "method", "sms-code")
                : Map.of("status", status, "method", "sms-code", "reason", reason)));
    return tx.preparedQuery(
            "update verification set status = $3, reason = $4, code_hash = null, decided_at = $5"
                + " where tenant_id = $1 and id = $2")
        .execute(Tuple.of(v.tenantId(), v.id(), status, reason, utc(now)))
        .map(r -> new CodeCheck(result, 0, reason, events));
  }

  private static AuditEvent event(Pending v, String kind, Map<String, String> data) {
    Map<String, String> all = new java.util.HashMap<>(data);
    all.put("verification", v.id().toString());
    return new AuditEvent(kind, v.callSid(), v.contactId(), all);
  }

  private static List<AuditEvent> prepend(AuditEvent first, List<AuditEvent> rest) {
    List<AuditEvent> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
