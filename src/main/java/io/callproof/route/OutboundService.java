package io.callproof.route;

import io.callproof.audit.AuditEvent;
import io.callproof.audit.AuditTrail;
import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import io.callproof.message.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified outbound calls: a technician calls a contact on a number registered to that contact
 * (never one typed in), from the MSP's published number, and the contact first hears who is calling
 * and how to check the call on the MSP's verification line. Every call is recorded and audited
 * before the line is asked to place it, so that the hotline can vouch for it.
 */
public final class OutboundService {

  /** How a request to place a call ended. */
  public enum Status {
    /** The line accepted the call. */
    PLACED,
    /** No such contact in the technician's tenant. */
    NOT_FOUND,
    /** The call may not be placed; the reason says why. */
    REFUSED,
    /** The line could not place it; recorded as failed. */
    FAILED
  }

  /**
   * The answer to a request.
   *
   * @param status how it ended
   * @param id the outbound call's id once recorded, or {@code null}
   * @param reason why it was refused or failed, or {@code null}
   */
  public record Result(Status status, UUID id, String reason) {}

  /**
   * What a placed call needs when the contact answers.
   *
   * @param technician the technician to connect
   * @param contactName the contact's full name, for the technician's softphone
   */
  public record Answered(Technician technician, String contactName) {}

  /** The facts a request is checked against, read in its transaction. */
  private record Request(
      String technicianName,
      boolean technicianActive,
      String contactName,
      boolean contactDisabled,
      String number,
      String mobile,
      boolean headsUp,
      String callerId) {}

  private static final Logger log = LoggerFactory.getLogger(OutboundService.class);

  private final Pool pool;
  private final OutboundCalls lines;
  private final Outbox outbox;
  private final AuditTrail audit;
  private final BiFunction<Tenant, String, String> headsUpText;
  private final Runnable textsQueued;
  private final Clock clock;

  /**
   * @param lines the tenant's telephony, which places the call
   * @param headsUpText the heads-up text for a tenant and a technician's name
   * @param textsQueued told after a commit that queued a text
   */
  public OutboundService(
      Pool pool,
      OutboundCalls lines,
      Outbox outbox,
      AuditTrail audit,
      BiFunction<Tenant, String, String> headsUpText,
      Runnable textsQueued,
      Clock clock) {
    this.pool = pool;
    this.lines = lines;
    this.outbox = outbox;
    this.audit = audit;
    this.headsUpText = headsUpText;
    this.textsQueued = textsQueued;
    this.clock = clock;
  }

  /**
   * Places a call from a technician to a contact's registered number: the mobile, else the work
   * number. The call is recorded and audited first; the line is asked only after that commit.
   */
  public Future<Result> place(Tenant tenant, String technicianId, UUID contactId) {
    Instant now = clock.instant();
    UUID id = UUID.randomUUID();
    AtomicReference<Request> checked = new AtomicReference<>();
    return pool.withTransaction(
            tx ->
                request(tx, tenant.id(), technicianId, contactId)
                    .compose(
                        found -> {
                          if (found.isEmpty()) {
                            return Future.succeededFuture(
                                new Result(Status.NOT_FOUND, null, "no such contact"));
                          }
                          Result refused = refusal(tenant, found.get());
                          if (refused != null) {
                            return Future.succeededFuture(refused);
                          }
                          checked.set(found.get());
                          return record(tx, tenant, id, technicianId, contactId, found.get(), now)
                              .map(v -> new Result(Status.PLACED, id, null));
                        }))
        .compose(
            recorded ->
                recorded.status() != Status.PLACED
                    ? Future.succeededFuture(recorded)
                    : dial(tenant, id, technicianId, contactId, checked.get()));
  }

  private static Result refusal(Tenant tenant, Request request) {
    if (!request.technicianActive()) {
      return new Result(Status.REFUSED, null, "technician-inactive");
    }
    if (request.contactDisabled()) {
      return new Result(Status.REFUSED, null, "contact-disabled");
    }
    if (request.number() == null) {
      return new Result(Status.REFUSED, null, "no-registered-number");
    }
    if (tenant.hotlineNumber().isEmpty()) {
      return new Result(Status.REFUSED, null, "no-hotline-number");
    }
    if (request.callerId() == null) {
      return new Result(Status.REFUSED, null, "no-caller-id");
    }
    return null;
  }

  private Future<Optional<Request>> request(
      SqlClient tx, String tenantId, String technicianId, UUID contactId) {
    return tx.preparedQuery(
            "select t.name as technician_name, t.active, c.first_name, c.last_name, c.disabled,"
                + " (select e164 from contact_phone p where p.tenant_id = c.tenant_id"
                + " and p.contact_id = c.id order by p.kind = 'mobile' desc, p.registered_at"
                + " limit 1) as number,"
                + " (select e164 from contact_phone p where p.tenant_id = c.tenant_id"
                + " and p.contact_id = c.id and p.kind = 'mobile' order by p.registered_at"
                + " limit 1) as mobile,"
                + " tn.heads_up, coalesce(tn.outbound_caller_id, tn.twilio_from) as caller_id"
                + " from contact c join technician t on t.tenant_id = c.tenant_id and t.id = $3"
                + " join tenant tn on tn.id = c.tenant_id"
                + " where c.tenant_id = $1 and c.id = $2")
        .execute(Tuple.of(tenantId, contactId, technicianId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row row = rows.iterator().next();
              return Optional.of(
                  new Request(
                      row.getString("technician_name"),
                      row.getBoolean("active"),
                      row.getString("first_name") + " " + row.getString("last_name"),
                      row.getBoolean("disabled"),
                      row.getString("number"),
                      row.getString("mobile"),
                      row.getBoolean("heads_up"),
                      row.getString("caller_id")));
            });
  }

  private Future<Void> record(
      SqlClient tx,
      Tenant tenant,
      UUID id,
      String technicianId,
      UUID contactId,
      Request request,
      Instant now) {
    Map<String, String> data = new HashMap<>();
    data.put("outbound_call", id.toString());
    data.put("technician", technicianId);
    data.put("to", PhoneNumbers.mask(request.number()));
    data.put("from", PhoneNumbers.mask(request.callerId()));
    AuditEvent requested = new AuditEvent("outbound-call-requested", null, contactId, data);
    return tx.preparedQuery(
            "insert into outbound_call (tenant_id, id, technician_id, contact_id, to_number,"
                + " placed_at, status) values ($1, $2, $3, $4, $5, $6, 'placing')")
        .execute(
            Tuple.of(
                tenant.id(),
                id,
                technicianId,
                contactId,
                request.number(),
                now.atOffset(ZoneOffset.UTC)))
        .compose(r -> audit.append(tx, tenant.id(), now, List.of(requested)));
  }

  /** Asks the line to place a recorded call, then records what the line said. */
  private Future<Result> dial(
      Tenant tenant, UUID id, String technicianId, UUID contactId, Request request) {
    return pool.preparedQuery(
            "select o.to_number, coalesce(tn.outbound_caller_id, tn.twilio_from) as caller_id,"
                + " t.sip_endpoint from outbound_call o join tenant tn on tn.id = o.tenant_id"
                + " join technician t on t.tenant_id = o.tenant_id and t.id = o.technician_id"
                + " where o.tenant_id = $1 and o.id = $2")
        .execute(Tuple.of(tenant.id(), id))
        .compose(
            rows -> {
              Row row = rows.iterator().next();
              Map<String, String> variables = new HashMap<>();
              variables.put("CALLPROOF_CALL", id.toString());
              variables.put("CALLPROOF_CALLER_ID", row.getString("caller_id"));
              variables.put("CALLPROOF_TECHNICIAN_ID", technicianId);
              variables.put("CALLPROOF_HOTLINE", tenant.hotlineNumber().orElseThrow());
              if (row.getString("sip_endpoint") != null) {
                variables.put("CALLPROOF_TECHNICIAN", row.getString("sip_endpoint"));
              }
              return lines.place(tenant.id(), row.getString("to_number"), variables);
            })
        .transform(
            placed ->
                placed.succeeded()
                    ? settle(tenant, id, contactId, request, placed.result(), null)
                        .map(v -> new Result(Status.PLACED, id, null))
                    : settle(tenant, id, contactId, request, null, placed.cause().getMessage())
                        .map(v -> new Result(Status.FAILED, id, "line-refused")));
  }

  /**
   * Records what the line said; a call it accepted is starting, so the heads-up text (when the
   * tenant sends one) is queued in the same commit.
   */
  private Future<Void> settle(
      Tenant tenant, UUID id, UUID contactId, Request request, String lineCallId, String error) {
    Instant now = clock.instant();
    String status = error == null ? "placed" : "failed";
    boolean headsUp = error == null && request.headsUp() && request.mobile() != null;
    Map<String, String> data = new HashMap<>();
    data.put("outbound_call", id.toString());
    if (error != null) {
      log.warn(
          "tenant={} outbound call {} could not be placed: {} (check the tenant's Twilio account"
              + " or its PBX's AMI connection)",
          tenant.id(),
          id,
          error);
      data.put("error", error.length() > 200 ? error.substring(0, 200) : error);
    } else {
      log.info("tenant={} outbound call {} placed as {}", tenant.id(), id, lineCallId);
    }
    String kind = error == null ? "outbound-call-placed" : "outbound-call-failed";
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "update outbound_call set status = $3, line_call_id = $4"
                            + " where tenant_id = $1 and id = $2")
                    .execute(Tuple.of(tenant.id(), id, status, lineCallId))
                    .compose(
                        r ->
                            headsUp
                                ? outbox.queueText(
                                    tx,
                                    tenant.id(),
                                    contactId,
                                    null,
                                    request.mobile(),
                                    headsUpText.apply(tenant, request.technicianName()),
                                    now)
                                : Future.<Void>succeededFuture())
                    .compose(
                        r ->
                            audit.append(
                                tx,
                                tenant.id(),
                                now,
                                List.of(new AuditEvent(kind, null, contactId, data)))))
        .onSuccess(
            v -> {
              if (headsUp) {
                textsQueued.run();
              }
            });
  }

  /**
   * The technician a placed call connects once the contact has heard the announcement; empty for a
   * call that is not the tenant's.
   */
  public Future<Optional<Answered>> answered(String tenantId, UUID id) {
    return pool.preparedQuery(
            "select t.id, t.name, t.client_identity, t.phone, t.sip_endpoint, c.first_name,"
                + " c.last_name from outbound_call o"
                + " join technician t on t.tenant_id = o.tenant_id and t.id = o.technician_id"
                + " join contact c on c.tenant_id = o.tenant_id and c.id = o.contact_id"
                + " where o.tenant_id = $1 and o.id = $2")
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row row = rows.iterator().next();
              return Optional.of(
                  new Answered(
                      new Technician(
                          row.getString("id"),
                          row.getString("name"),
                          row.getString("client_identity"),
                          row.getString("phone"),
                          row.getString("sip_endpoint")),
                      row.getString("first_name") + " " + row.getString("last_name")));
            });
  }

  /**
   * Records how a placed call ended, as the line reports it ({@code completed}, {@code busy},
   * {@code no-answer}, {@code failed}, {@code canceled}). Safe to call more than once.
   */
  public Future<Boolean> ended(String tenantId, UUID id, String lineStatus) {
    Instant now = clock.instant();
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "update outbound_call set status = $3, ended_at = $4"
                        + " where tenant_id = $1 and id = $2 and ended_at is null"
                        + " returning contact_id")
                .execute(Tuple.of(tenantId, id, lineStatus, now.atOffset(ZoneOffset.UTC)))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(false);
                      }
                      AuditEvent ended =
                          new AuditEvent(
                              "outbound-call-ended",
                              null,
                              rows.iterator().next().getUUID("contact_id"),
                              Map.of("outbound_call", id.toString(), "line_status", lineStatus));
                      return audit.append(tx, tenantId, now, List.of(ended)).map(v -> true);
                    }));
  }
}
