package io.callproof.verify;

import io.callproof.audit.AuditEvent;
import io.callproof.crypto.CodeHasher;
import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import io.callproof.message.AdminAlerts;
import io.callproof.message.Outbox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts verifications and checks what callers answer. A verification proves that the caller holds
 * a device registered to the contact: a push approval with number matching on an enrolled device, a
 * code texted to a registered mobile, or (weaker, {@code email-verified}) a code emailed. Push is
 * offered to a contact with an enrolled device; to one without, the approval link goes by text only
 * where the policy offers no code by text (a code is quicker to type during a call than a link is
 * to open). Codes and approvals go only to the contact's registered channels, whichever number is
 * calling; codes are kept as keyed hashes and compared in constant time; the budget of wrong
 * entries belongs to the verification, whatever the methods. Every method works inside the caller's
 * transaction and returns the audit events of what it changed.
 */
public final class VerificationService {

  /** Renders the texts of codes and approvals; the texts live in the prompt catalog. */
  public interface Messages {
    /** A text carrying a code. */
    String codeText(Tenant tenant, String code, long minutes);

    /** An email carrying a code: the subject, a newline, then the body. */
    String codeEmail(Tenant tenant, String code, long minutes);

    /** A text carrying the link to an approval page. */
    String approvalText(Tenant tenant, String link);

    /** A text carrying the link to enrol a device. */
    String enrolmentText(Tenant tenant, String link);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The reason of a verification whose call ended while it was pending. */
  private static final String ABANDONED = "call-ended";

  private final VerificationPolicy figures;
  private final CodeHasher hasher;
  private final Outbox outbox;
  private final Messages messages;
  private final Optional<String> linkBase;
  private final boolean emailAvailable;
  private final Locks locks;
  private final AdminAlerts alerts;
  private final ApprovalSignals signals;

  /**
   * @param linkBase the public URL that approval and enrolment links start with; without it, no
   *     link can be sent and push is not offered
   * @param emailAvailable whether emails can be sent at all (an SMTP server or the demo outbox)
   */
  public VerificationService(
      VerificationPolicy figures,
      CodeHasher hasher,
      Outbox outbox,
      Messages messages,
      Optional<String> linkBase,
      boolean emailAvailable) {
    this(
        figures,
        hasher,
        outbox,
        messages,
        linkBase,
        emailAvailable,
        AdminAlerts.none(),
        ApprovalSignals.unheard());
  }

  /**
   * @param alerts mails the tenant's administrators about a denied push and a lock-out
   * @param signals tells calls waiting for an approval that it was answered
   */
  public VerificationService(
      VerificationPolicy figures,
      CodeHasher hasher,
      Outbox outbox,
      Messages messages,
      Optional<String> linkBase,
      boolean emailAvailable,
      AdminAlerts alerts,
      ApprovalSignals signals) {
    this.figures = figures;
    this.hasher = hasher;
    this.outbox = outbox;
    this.messages = messages;
    this.linkBase = linkBase;
    this.emailAvailable = emailAvailable;
    this.alerts = alerts;
    this.signals = signals;
    this.locks = new Locks(figures, alerts);
  }

  /** Mails the tenant's administrators when something calls for their attention. */
  public AdminAlerts alerts() {
    return alerts;
  }

  /** The installation's figures. */
  public VerificationPolicy figures() {
    return figures;
  }

  /** Lock-outs: who is locked, and releasing them. */
  public Locks locks() {
    return locks;
  }

  /**
   * Starts a verification of a contact with the first method their company's policy offers and
   * their registered channels allow, unless the contact is disabled or locked or a limit is
   * reached.
   */
  public Future<Started> start(SqlClient tx, VerificationRequest request, Instant now) {
    return ContactState.load(tx, request, figures, outbox, now)
        .compose(state -> startFor(tx, request, state, now));
  }

  private Future<Started> startFor(
      SqlClient tx, VerificationRequest request, ContactState state, Instant now) {
    String refusal = refusal(state);
    if (refusal != null) {
      Started.Outcome outcome =
          switch (refusal) {
            case "contact-disabled" -> Started.Outcome.FAILED;
            case "contact-locked" -> Started.Outcome.LOCKED;
            default -> Started.Outcome.UNAVAILABLE;
          };
      AuditEvent refused =
          new AuditEvent(
              "verification-refused",
              request.callSid(),
              request.contactId(),
              withRequester(request, Map.of("reason", refusal)));
      return Future.succeededFuture(
          new Started(outcome, null, Map.of(), refusal, List.of(refused)));
    }
    String method = chooseMethod(request, state);
    if (method == null) {
      String reason = state.trustedMobile() == null ? "no-trusted-mobile" : "tenant-text-limit";
      if (request.method() != null) {
        reason = "method-unavailable";
      }
      AuditEvent refused =
          new AuditEvent(
              "verification-refused",
              request.callSid(),
              request.contactId(),
              withRequester(request, Map.of("reason", reason)));
      return Future.succeededFuture(
          new Started(Started.Outcome.UNAVAILABLE, null, Map.of(), reason, List.of(refused)));
    }
    UUID id = UUID.randomUUID();
    List<AuditEvent> events = new ArrayList<>();
    Map<String, String> started = new HashMap<>();
    started.put("verification", id.toString());
    started.put("method", method);
    started.put("caller", PhoneNumbers.mask(request.callerNumber()));
    if (request.stir() != null) {
      started.put("stir", request.stir());
    }
    events.add(
        new AuditEvent(
            "verification-started",
            request.callSid(),
            request.contactId(),
            withRequester(request, started)));
    // The row and the code (or approval) that fills it are sent at once: the statements run in
    // order, and a failed insert fails the transaction, so the issue's statements never stand
    // alone.
    Future<?> inserted =
        tx.preparedQuery(
                "insert into verification (tenant_id, id, call_sid, contact_id, method, status,"
                    + " created_at, caller_number, requested_by, stir)"
                    + " values ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9)")
            .execute(
                Tuple.of(
                    request.tenant().id(),
                    id,
                    request.callSid(),
                    request.contactId(),
                    methodName(method),
                    utc(now),
                    callerBucket(request.callerNumber()),
                    request.requestedBy(),
                    request.stir()));
    Future<Started> issued = issue(tx, request.tenant(), id, request.callSid(), state, method, now);
    return Future.all(inserted, issued)
        .map(
            both -> {
              events.addAll(issued.result().events());
              return new Started(
                  issued.result().outcome(), id, issued.result().facts(), null, events);
            });
  }

  private String refusal(ContactState state) {
    if (state.disabled()) {
      return "contact-disabled";
    }
    if (state.lockedUntil() != null) {
      return "contact-locked";
    }
    if (state.callerAttempts() >= figures.callerAttemptLimit()) {
      return "caller-limit";
    }
    if (state.recentSends() >= figures.contactSendLimit()) {
      return "send-limit";
    }
    return null;
  }

  private String chooseMethod(VerificationRequest request, ContactState state) {
    List<String> methods =
        request.method() != null ? List.of(request.method()) : state.policy().methods();
    for (String method : methods) {
      if (available(method, state)) {
        return method;
      }
    }
    return null;
  }

  private boolean available(String method, ContactState state) {
    boolean canText =
        state.trustedMobile() != null && state.tenantTexts() < figures.tenantTextLimit();
    return switch (method) {
      case "push" ->
          linkBase.isPresent()
              && (!state.devices().isEmpty()
                  || canText && !state.policy().methods().contains("sms"));
      case "sms" -> canText;
      case "email" -> emailAvailable && state.email() != null;
      default -> false;
    };
  }

  /**
   * Sends the call's verification a code by text instead of its approval (the caller pressed {@code
   * *}), or a fresh code. The verification keeps its wrong entries.
   */
  public Future<Started> sendCode(
      SqlClient tx, Tenant tenant, UUID verificationId, String callSid, Instant now) {
    return tx.preparedQuery(
            "select contact_id, status, caller_number, requested_by, stir from verification"
                + " where tenant_id = $1 and id = $2 for update")
        .execute(Tuple.of(tenant.id(), verificationId))
        .compose(
            rows -> {
              Row row = rows.iterator().next();
              VerificationRequest request =
                  new VerificationRequest(
                      tenant,
                      row.getUUID("contact_id"),
                      callSid,
                      row.getString("caller_number"),
                      row.getString("stir"),
                      row.getString("requested_by"),
                      "sms");
              if (!"pending".equals(row.getString("status"))) {
                return Future.succeededFuture(
                    new Started(
                        Started.Outcome.UNAVAILABLE,
                        verificationId,
                        Map.of(),
                        "closed",
                        List.of()));
              }
              return ContactState.load(tx, request, figures, outbox, now)
                  .compose(state -> resend(tx, tenant, verificationId, callSid, state, now));
            });
  }

  private Future<Started> resend(
      SqlClient tx,
      Tenant tenant,
      UUID verificationId,
      String callSid,
      ContactState state,
      Instant now) {
    String refusal = state.recentSends() >= figures.contactSendLimit() ? "send-limit" : null;
    if (refusal == null && !available("sms", state)) {
      refusal = state.trustedMobile() == null ? "no-trusted-mobile" : "tenant-text-limit";
    }
    if (refusal != null || state.disabled()) {
      String reason = state.disabled() ? "contact-disabled" : refusal;
      AuditEvent refused =
          new AuditEvent(
              "code-not-sent",
              callSid,
              state.contactId(),
              Map.of("verification", verificationId.toString(), "reason", reason));
      return Future.succeededFuture(
          new Started(
              Started.Outcome.UNAVAILABLE, verificationId, Map.of(), reason, List.of(refused)));
    }
    return tx.preparedQuery(
            "update verification set method = 'sms-code', approval_token = null,"
                + " email_code = false where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenant.id(), verificationId))
        .compose(r -> issue(tx, tenant, verificationId, callSid, state, "sms", now));
  }

  private Future<Started> issue(
      SqlClient tx,
      Tenant tenant,
      UUID id,
      String callSid,
      ContactState state,
      String method,
      Instant now) {
    return switch (method) {
      case "push" -> issueApproval(tx, tenant, id, callSid, state, now);
      case "email" -> issueCode(tx, tenant, id, callSid, state, true, now);
      default -> issueCode(tx, tenant, id, callSid, state, false, now);
    };
  }

  private Future<Started> issueCode(
      SqlClient tx,
      Tenant tenant,
      UUID id,
      String callSid,
      ContactState state,
      boolean byEmail,
      Instant now) {
    String code = digits(figures.codeLength());
    Duration lifetime = state.policy().codeLifetime();
    long minutes = Math.max(1, lifetime.toMinutes());
    byte[] hash = hasher.hash(tenant.id(), id.toString(), code);
    Map<String, String> facts = new HashMap<>();
    facts.put("codeLength", Integer.toString(figures.codeLength()));
    facts.put("minutes", Long.toString(minutes));
    AuditEvent sent;
    Future<Void> queued;
    if (byEmail) {
      String[] email = messages.codeEmail(tenant, code, minutes).split("\n", 2);
      queued =
          outbox.queueEmail(
              tx, tenant.id(), state.contactId(), id, state.email(), email[0], email[1], now);
      sent = codeSent(callSid, state, id, "email", maskEmail(state.email()));
    } else {
      String text = messages.codeText(tenant, code, minutes);
      queued =
          outbox.queueText(
              tx, tenant.id(), state.contactId(), id, state.trustedMobile(), text, now);
      facts.put("mobileEnding", PhoneNumbers.ending(state.trustedMobile()));
      sent = codeSent(callSid, state, id, "sms", PhoneNumbers.mask(state.trustedMobile()));
    }
    Started.Outcome outcome = byEmail ? Started.Outcome.EMAIL : Started.Outcome.SMS;
    return tx.preparedQuery(
            "update verification set code_hash = $3, code_key_id = $4, code_expires_at = $5,"
                + " email_code = $6 where tenant_id = $1 and id = $2")
        .execute(
            Tuple.of(
                tenant.id(),
                id,
                Buffer.buffer(hash),
                hasher.keyId(),
                utc(now.plus(lifetime)),
                byEmail))
        .compose(r -> queued)
        .map(v -> new Started(outcome, id, facts, null, List.of(sent)));
  }

  private static AuditEvent codeSent(
      String callSid, ContactState state, UUID id, String channel, String to) {
    return new AuditEvent(
        "code-sent",
        callSid,
        state.contactId(),
        Map.of("verification", id.toString(), "channel", channel, "to", to));
  }

  private Future<Started> issueApproval(
      SqlClient tx, Tenant tenant, UUID id, String callSid, ContactState state, Instant now) {
    int match = 10 + RANDOM.nextInt(90);
    String token = Tokens.newToken();
    String link = linkBase.orElseThrow() + "/approve/" + token;
    Instant expires = now.plus(state.policy().approvalLifetime());
    List<Future<Void>> sends = new ArrayList<>();
    Map<String, String> data = new HashMap<>();
    data.put("verification", id.toString());
    if (state.devices().isEmpty()) {
      sends.add(
          outbox.queueText(
              tx,
              tenant.id(),
              state.contactId(),
              id,
              state.trustedMobile(),
              messages.approvalText(tenant, link),
              now));
      data.put("channel", "sms-link");
      data.put("to", PhoneNumbers.mask(state.trustedMobile()));
    } else {
      String payload =
          new JsonObject()
              .put("title", tenant.name() + " helpdesk")
              .put("body", "Is it you calling? Open to approve or deny.")
              .put("url", link)
              .encode();
      for (UUID device : state.devices()) {
        sends.add(outbox.queuePush(tx, tenant.id(), state.contactId(), id, device, payload, now));
      }
      data.put("channel", "push");
      data.put("devices", Integer.toString(state.devices().size()));
    }
    AuditEvent sent = new AuditEvent("approval-sent", callSid, state.contactId(), data);
    return tx.preparedQuery(
            "update verification set match_number = $3, approval_token = $4,"
                + " approval_expires_at = $5 where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenant.id(), id, match, Buffer.buffer(Tokens.hash(token)), utc(expires)))
        .compose(r -> Future.join(sends))
        .map(
            v ->
                new Started(
                    Started.Outcome.PUSH,
                    id,
                    Map.of(
                        "matchNumber",
                        Integer.toString(match),
                        "minutes",
                        Long.toString(Math.max(1, state.policy().approvalLifetime().toMinutes()))),
                    null,
                    List.of(sent)));
  }

  /**
   * Checks what a caller (or a technician, for a code read out) entered. Anything but exactly the
   * code's number of digits 0-9 is a wrong entry; so is a right code after the budget is spent.
   *
   * @param entered raw input, never logged or recorded
   */
  public Future<CodeCheck> checkCode(
      SqlClient tx, String tenantId, UUID verificationId, String entered, Instant now) {
    return Pending.load(tx, tenantId, verificationId)
        .compose(
            v -> {
              if (v.done() != null) {
                return Future.succeededFuture(v.done());
              }
              if (v.hash() == null) {
                return wrongEntry(tx, v, now);
              }
              if (now.isAfter(v.expires())) {
                return decide(tx, v, "failed", "code-expired", CodeCheck.Result.EXPIRED, now);
              }
              boolean right =
                  entered != null
                      && entered.matches("[0-9]{" + figures.codeLength() + "}")
                      && hasher.matches(tenantId, verificationId.toString(), entered, v.hash());
              if (right) {
                String status = v.emailCode() ? "email-verified" : "verified";
                return decide(tx, v, status, null, CodeCheck.Result.VERIFIED, now);
              }
              return wrongEntry(tx, v, now);
            });
  }

  /** Records that the caller was asked for the code and entered nothing. */
  public Future<CodeCheck> noEntry(
      SqlClient tx, String tenantId, UUID verificationId, Instant now) {
    return Pending.load(tx, tenantId, verificationId)
        .compose(
            v -> {
              if (v.done() != null) {
                return Future.succeededFuture(v.done());
              }
              if (v.silences() + 1 >= figures.maxSilences()) {
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
                              figures.maxWrongEntries() - v.wrongEntries(),
                              null,
                              List.of(event(v, "code-checked", Map.of("result", "no-input")))));
            });
  }

  /**
   * Where a push approval stands, for a call waiting on it; an approval past its lifetime fails
   * now.
   */
  public Future<CodeCheck> approvalState(
      SqlClient tx, String tenantId, UUID verificationId, Instant now) {
    return Pending.load(tx, tenantId, verificationId).compose(v -> approvalState(tx, v, now));
  }

  private Future<CodeCheck> approvalState(SqlClient tx, Pending v, Instant now) {
    if (v.done() != null) {
      return Future.succeededFuture(v.done());
    }
    if (v.approvalExpires() != null && now.isAfter(v.approvalExpires())) {
      return decide(tx, v, "failed", "approval-expired", CodeCheck.Result.EXPIRED, now);
    }
    return Future.succeededFuture(
        new CodeCheck(
            CodeCheck.Result.WAITING,
            figures.maxWrongEntries() - v.wrongEntries(),
            null,
            List.of()));
  }

  /**
   * Where a push approval stands, for a call waiting on it at one hold segment. The approval is
   * read from the database only when this node's {@link ApprovalSignals} heard that it was
   * answered, or cannot vouch that nothing changed (not listening, not read for a while, past its
   * lifetime); otherwise it is still waiting.
   */
  public Future<CodeCheck> waitingApproval(
      SqlClient tx, String tenantId, UUID verificationId, Instant now) {
    if (!signals.mustRead(tenantId, verificationId, now)) {
      return Future.succeededFuture(
          new CodeCheck(
              CodeCheck.Result.WAITING,
              signals.attemptsLeft(tenantId, verificationId),
              null,
              List.of()));
    }
    return Pending.load(tx, tenantId, verificationId)
        .compose(
            v ->
                approvalState(tx, v, now)
                    .onSuccess(
                        state -> {
                          if (state.result() == CodeCheck.Result.WAITING) {
                            signals.read(
                                tenantId,
                                verificationId,
                                now,
                                v.approvalExpires(),
                                state.attemptsLeft());
                          } else {
                            signals.decided(tenantId, verificationId);
                          }
                        }));
  }

  /**
   * Records the contact's answer on the approval page.
   *
   * @param token the token of the page's link
   * @param number the number typed, or {@code null} when the contact said "this was not me"
   */
  public Future<ApprovalAnswer> answerApproval(
      SqlClient tx, String token, String number, Instant now) {
    return tx.preparedQuery(
            "select tenant_id, id, match_number from verification where approval_token = $1"
                + " for update")
        .execute(Tuple.of(Buffer.buffer(Tokens.hash(token))))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(ApprovalAnswer.unknown());
              }
              Row row = rows.iterator().next();
              return Pending.load(tx, row.getString("tenant_id"), row.getUUID("id"))
                  .compose(v -> answer(tx, v, row.getInteger("match_number"), number, now));
            });
  }

  private Future<ApprovalAnswer> answer(
      SqlClient tx, Pending v, int match, String number, Instant now) {
    if (v.done() != null && ABANDONED.equals(v.done().reason())) {
      return afterTheCall(tx, v, number, now);
    }
    if (v.done() != null) {
      return Future.succeededFuture(ApprovalAnswer.of(v.done(), v, List.of()));
    }
    if (v.approvalExpires() != null && now.isAfter(v.approvalExpires())) {
      return decide(tx, v, "failed", "approval-expired", CodeCheck.Result.EXPIRED, now)
          .map(c -> ApprovalAnswer.of(c, v, c.events()));
    }
    if (number == null) {
      return decide(tx, v, "denied", "not-me", CodeCheck.Result.DENIED, now)
          .map(c -> ApprovalAnswer.of(c, v, c.events()));
    }
    if (number.trim().equals(Integer.toString(match))) {
      return decide(tx, v, "verified", null, CodeCheck.Result.VERIFIED, now)
          .map(c -> ApprovalAnswer.of(c, v, c.events()));
    }
    int wrongNumbers = v.wrongNumbers() + 1;
    int wrong = v.wrongEntries() + 1;
    AuditEvent event =
        event(
            v,
            "approval-checked",
            Map.of("result", "wrong-number", "wrong_entries", Integer.toString(wrong)));
    Future<Void> counted =
        tx.preparedQuery(
                "update verification set wrong_numbers = $3, wrong_entries = $4"
                    + " where tenant_id = $1 and id = $2")
            .execute(Tuple.of(v.tenantId(), v.id(), wrongNumbers, wrong))
            .mapEmpty();
    if (wrongNumbers >= figures.maxWrongNumbers() || wrong >= figures.maxWrongEntries()) {
      return counted
          .compose(x -> decide(tx, v, "failed", "wrong-number", CodeCheck.Result.FAILED, now))
          .map(c -> ApprovalAnswer.of(c, v, prepend(event, c.events())));
    }
    return counted.map(
        x ->
            ApprovalAnswer.of(
                new CodeCheck(
                    CodeCheck.Result.WRONG,
                    figures.maxWrongNumbers() - wrongNumbers,
                    null,
                    List.of(event)),
                v,
                List.of(event)));
  }

  /**
   * An answer on the page of a verification whose call ended first: recorded, and nothing else. An
   * approval approves nothing; a "this was not me" is still reported as possible fraud.
   */
  private Future<ApprovalAnswer> afterTheCall(SqlClient tx, Pending v, String number, Instant now) {
    String answer = number == null ? "not-me" : "approved";
    Map<String, String> data = new HashMap<>();
    data.put("result", "after-call-ended");
    data.put("answer", answer);
    if (number == null) {
      data.put("alert", "possible-fraud");
    }
    AuditEvent event = event(v, "approval-checked", data);
    Future<Integer> alerted =
        number == null
            ? alerts.raise(
                tx,
                v.tenantId(),
                new AdminAlerts.Alert(
                    "Possible fraud: a push approval was refused (\"this was not me\") after the"
                        + " call ended",
                    v.callSid(),
                    v.contactId(),
                    v.callerNumber(),
                    Map.of("Verification", v.id().toString())),
                now)
            : Future.succeededFuture(0);
    return alerted.map(n -> ApprovalAnswer.of(v.done(), v, List.of(event)));
  }

  /** Closes a verification still pending when its call ended; no lock-out counts it. */
  public Future<List<AuditEvent>> abandon(
      SqlClient tx, String tenantId, UUID verificationId, Instant now) {
    return tx.preparedQuery(
            "update verification set status = 'abandoned', reason = 'call-ended',"
                + " code_hash = null, decided_at = $3"
                + " where tenant_id = $1 and id = $2 and status = 'pending'"
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
                            "verification", verificationId.toString(),
                            "status", "abandoned",
                            "reason", "call-ended")));
              }
              return events;
            });
  }

  /** Where a verification stands, for a technician polling it. */
  public Future<Optional<JsonObject>> status(SqlClient client, String tenantId, UUID id) {
    return client
        .preparedQuery(
            "select status, reason, method, contact_id, created_at, decided_at from verification"
                + " where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row row = rows.iterator().next();
              String status = row.getString("status");
              return Optional.of(
                  new JsonObject()
                      .put("id", id.toString())
                      .put("contact", row.getUUID("contact_id").toString())
                      .put("method", row.getString("method"))
                      .put("status", "abandoned".equals(status) ? "failed" : status)
                      .put("reason", row.getString("reason"))
                      .put("created_at", row.getOffsetDateTime("created_at").toString())
                      .put(
                          "decided_at",
                          row.getOffsetDateTime("decided_at") == null
                              ? null
                              : row.getOffsetDateTime("decided_at").toString()));
            });
  }

  private Future<CodeCheck> wrongEntry(SqlClient tx, Pending v, Instant now) {
    int wrong = v.wrongEntries() + 1;
    int left = figures.maxWrongEntries() - wrong;
    AuditEvent checked =
        event(
            v, "code-checked", Map.of("result", "wrong", "wrong_entries", Integer.toString(wrong)));
    Future<Void> counted =
        tx.preparedQuery(
                "update verification set wrong_entries = $3 where tenant_id = $1 and id = $2")
            .execute(Tuple.of(v.tenantId(), v.id(), wrong))
            .mapEmpty();
    if (left <= 0) {
      return counted
          .compose(r -> decide(tx, v, "failed", "wrong-codes", CodeCheck.Result.FAILED, now))
          .map(c -> new CodeCheck(c.result(), 0, c.reason(), prepend(checked, c.events())));
    }
    return counted.map(r -> new CodeCheck(CodeCheck.Result.WRONG, left, null, List.of(checked)));
  }

  private Future<CodeCheck> decide(
      SqlClient tx, Pending v, String status, String reason, CodeCheck.Result result, Instant now) {
    List<AuditEvent> events = new ArrayList<>();
    if (result == CodeCheck.Result.VERIFIED && v.approvalExpires() == null) {
      events.add(event(v, "code-checked", Map.of("result", "right")));
    } else if (result == CodeCheck.Result.VERIFIED) {
      events.add(event(v, "approval-checked", Map.of("result", "approved")));
    } else if (result == CodeCheck.Result.EXPIRED && "code-expired".equals(reason)) {
      events.add(event(v, "code-checked", Map.of("result", "expired")));
    } else if (result == CodeCheck.Result.DENIED) {
      events.add(event(v, "approval-checked", Map.of("result", "denied")));
    }
    Map<String, String> decided = new HashMap<>();
    decided.put("status", status);
    decided.put("method", v.method());
    if (reason != null) {
      decided.put("reason", reason);
    }
    if ("denied".equals(status)) {
      decided.put("alert", "possible-fraud");
    }
    events.add(event(v, "verification-decided", decided));
    return tx.preparedQuery(
            "update verification set status = $3, reason = $4, code_hash = null,"
                + " approval_token = null, decided_at = $5 where tenant_id = $1 and id = $2")
        .execute(Tuple.of(v.tenantId(), v.id(), status, reason, utc(now)))
        .compose(r -> "denied".equals(status) ? alertDenied(tx, v, now) : Future.succeededFuture())
        .compose(
            r ->
                "failed".equals(status) || "denied".equals(status)
                    ? locks.afterFailure(tx, v.tenantId(), v.contactId(), v.callSid(), now)
                    : Future.succeededFuture(List.<AuditEvent>of()))
        .map(
            lockEvents -> {
              events.addAll(lockEvents);
              return new CodeCheck(result, 0, reason, events);
            });
  }

  private Future<Void> alertDenied(SqlClient tx, Pending v, Instant now) {
    return alerts
        .raise(
            tx,
            v.tenantId(),
            new AdminAlerts.Alert(
                "Possible fraud: a push approval was refused (\"this was not me\")",
                v.callSid(),
                v.contactId(),
                v.callerNumber(),
                Map.of(
                    "Verification",
                    v.id().toString(),
                    "What to do",
                    "Treat the call as an impersonation attempt and check with the contact.")),
            now)
        .mapEmpty();
  }

  static AuditEvent event(Pending v, String kind, Map<String, String> data) {
    Map<String, String> all = new HashMap<>(data);
    all.put("verification", v.id().toString());
    return new AuditEvent(kind, v.callSid(), v.contactId(), all);
  }

  private static Map<String, String> withRequester(
      VerificationRequest request, Map<String, String> data) {
    if (request.requestedBy() == null) {
      return data;
    }
    Map<String, String> all = new HashMap<>(data);
    all.put("technician", request.requestedBy());
    return all;
  }

  private static String methodName(String method) {
    return switch (method) {
      case "push" -> "push";
      case "email" -> "email-code";
      default -> "sms-code";
    };
  }

  /** The bucket a calling number counts in: its E.164 form, or one per tenant when withheld. */
  static String callerBucket(String callerNumber) {
    return callerNumber == null ? "withheld" : callerNumber;
  }

  private static String digits(int length) {
    StringBuilder code = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      code.append((char) ('0' + RANDOM.nextInt(10)));
    }
    return code.toString();
  }

  static String maskEmail(String email) {
    int at = email.indexOf('@');
    return at <= 1
        ? "***" + email.substring(Math.max(at, 0))
        : email.charAt(0) + "***" + email.substring(at);
  }

  private static List<AuditEvent> prepend(AuditEvent first, List<AuditEvent> rest) {
    List<AuditEvent> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  static List<String> strings(JsonArray array) {
    List<String> list = new ArrayList<>();
    if (array != null) {
      array.forEach(o -> list.add(String.valueOf(o)));
    }
    return list;
  }
}
