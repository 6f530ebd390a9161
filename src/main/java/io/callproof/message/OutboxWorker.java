package io.callproof.message;

import io.callproof.audit.AuditEvent;
import io.callproof.audit.AuditTrail;
import io.callproof.crypto.Sealer;
import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import io.callproof.directory.TenantRegistry;
import io.callproof.store.GroupCommit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued texts. Any node may run one: a worker claims a batch with {@code FOR UPDATE SKIP
 * LOCKED} and a lease, so that two workers never send the same message at once, and a message whose
 * worker stopped mid-send is taken up again when its lease runs out. A failed send is retried with
 * growing pauses, then given up and recorded.
 */
public final class OutboxWorker {

  /** How many times a text is tried before it is recorded as failed. */
  public static final int MAX_ATTEMPTS = 5;

  private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
  private static final int BATCH = 20;

  /**
   * Messages being sent at once, at most, and the threads that send texts: a provider's REST call
   * blocks its thread for its round trip (about 100 ms), so texts get threads of their own rather
   * than a share of the shared worker pool.
   */
  private static final int IN_FLIGHT = 64;

  private static final int LEASE_SECONDS = 60;

  private final Vertx vertx;
  private final Pool pool;
  private final GroupCommit commits;
  private final Sealer sealer;
  private final TenantRegistry tenants;
  private final Function<Tenant, TextSender> senders;
  private final MailSender mail;
  private final PushSender push;
  private final AuditTrail audit;
  private final Clock clock;
  private final WorkerExecutor textThreads;
  private final AtomicBoolean again = new AtomicBoolean();
  private boolean claiming;
  private int sending;
  private long timer = -1;

  /**
   * @param commits where each message's outcome and its audit event are recorded, sharing commits
   *     with other messages and calls
   * @param senders chooses who delivers a tenant's texts
   * @param mail delivers emails
   * @param push delivers push notifications
   */
  public OutboxWorker(
      Vertx vertx,
      Pool pool,
      GroupCommit commits,
      Sealer sealer,
      TenantRegistry tenants,
      Function<Tenant, TextSender> senders,
      MailSender mail,
      PushSender push,
      AuditTrail audit,
      Clock clock) {
    this.vertx = vertx;
    this.textThreads = vertx.createSharedWorkerExecutor("callproof-texts", IN_FLIGHT);
    this.pool = pool;
    this.commits = commits;
    this.sealer = sealer;
    this.tenants = tenants;
    this.senders = senders;
    this.mail = mail;
    this.push = push;
    this.audit = audit;
    this.clock = clock;
  }

  /** Looks for work every {@code periodMillis} milliseconds, besides every {@link #wake()}. */
  public void start(long periodMillis) {
    timer = vertx.setPeriodic(periodMillis, id -> wake());
  }

  /** Stops looking for work; a pass under way finishes. */
  public void stop() {
    vertx.cancelTimer(timer);
    textThreads.close();
  }

  /**
   * Sends what is queued now. Claims go on while messages are being sent, up to {@link #IN_FLIGHT}
   * messages at once, so that a slow send or a slow settle holds back no other message; a call that
   * arrives while a claim runs makes one more claim after it.
   */
  public void wake() {
    again.set(true);
    pump();
  }

  private void pump() {
    int room;
    synchronized (this) {
      room = Math.min(BATCH, IN_FLIGHT - sending);
      if (claiming || room <= 0 || !again.getAndSet(false)) {
        return;
      }
      claiming = true;
    }
    claim(room)
        .onComplete(
            claimed -> {
              synchronized (this) {
                claiming = false;
              }
              if (claimed.failed()) {
                log.warn("outbox claim failed, will retry: {}", claimed.cause().getMessage());
                return;
              }
              RowSet<Row> rows = claimed.result();
              synchronized (this) {
                sending += rows.size();
              }
              for (Row row : rows) {
                send(row).onComplete(done -> sent());
              }
              if (rows.size() == room) {
                again.set(true);
              }
              pump();
            });
  }

  private void sent() {
    synchronized (this) {
      sending--;
    }
    pump();
  }

  /** One pass: claims up to a batch of due texts and sends them; yields how many it claimed. */
  public Future<Integer> drain() {
    return claim(BATCH)
        .compose(
            rows -> {
              List<Future<Void>> sends = new ArrayList<>();
              for (Row row : rows) {
                sends.add(send(row));
              }
              return Future.join(sends).map(rows.size());
            });
  }

  private Future<RowSet<Row>> claim(int most) {
    Instant now = clock.instant();
    return pool.preparedQuery(
            "update outbox_message m set status = 'sending', attempts = m.attempts + 1,"
                + " claimed_until = $1 + make_interval(secs => $2)"
                + " from (select tenant_id, id from outbox_message"
                + "   where status in ('queued', 'sending') and next_attempt_at <= $1"
                + "   and (status = 'queued' or claimed_until < $1)"
                + "   order by next_attempt_at limit $3 for update skip locked) due"
                + " where m.tenant_id = due.tenant_id and m.id = due.id"
                + " returning m.tenant_id, m.id, m.channel, m.to_number, m.to_address, m.body,"
                + " m.attempts,"
                + " m.contact_id, m.verification_id")
        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), LEASE_SECONDS, most));
  }

  private Future<Void> send(Row row) {
    String tenantId = row.getString("tenant_id");
    long id = row.getLong("id");
    Tenant tenant = tenants.byId(tenantId).orElse(null);
    if (tenant == null) {
      return settle(row, Future.failedFuture(new IllegalStateException("unknown tenant")));
    }
    String body = sealer.open(row.getBuffer("body").getBytes(), Outbox.bodyContext(tenantId));
    Future<String> sent;
    switch (row.getString("channel")) {
      case "email":
        String[] parts = body.split("\n", 2);
        sent = mail.send(tenant, row.getString("to_address"), parts[0], parts[1]);
        break;
      case "push":
        sent = sendPush(tenant, UUID.fromString(row.getString("to_address")), body);
        break;
      default:
        String to = row.getString("to_number");
        sent =
            textThreads.executeBlocking(() -> senders.apply(tenant).send(tenant, to, body), false);
        break;
    }
    return settle(row, sent)
        .onSuccess(v -> log.debug("tenant={} message {} settled", tenantId, id));
  }

  /** Sends to one device; a subscription the push service no longer knows is dropped. */
  private Future<String> sendPush(Tenant tenant, UUID deviceId, String payload) {
    return pool.preparedQuery(
            "select endpoint, p256dh, auth from push_device where tenant_id = $1 and id = $2"
                + " and removed_at is null")
        .execute(Tuple.of(tenant.id(), deviceId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(new Undeliverable("device removed"));
              }
              Row d = rows.iterator().next();
              PushSender.Target target =
                  new PushSender.Target(
                      d.getString("endpoint"), d.getString("p256dh"), d.getString("auth"));
              return push.send(tenant, target, payload);
            })
        .compose(
            result -> {
              if (result == PushSender.Result.DELIVERED) {
                return Future.succeededFuture("device:" + deviceId);
              }
              Future<Void> dropped =
                  result == PushSender.Result.GONE
                      ? pool.preparedQuery(
                              "update push_device set removed_at = $3 where tenant_id = $1"
                                  + " and id = $2")
                          .execute(
                              Tuple.of(
                                  tenant.id(), deviceId, clock.instant().atOffset(ZoneOffset.UTC)))
                          .mapEmpty()
                      : Future.succeededFuture();
              return dropped.compose(
                  v ->
                      Future.failedFuture(
                          new Undeliverable("push " + result.name().toLowerCase())));
            });
  }

  /** A message that no retry can deliver: the device is gone, or the service refused it. */
  private static final class Undeliverable extends RuntimeException {
    Undeliverable(String message) {
      super(message, null, false, false);
    }
  }

  private Future<Void> settle(Row row, Future<String> sent) {
    String tenantId = row.getString("tenant_id");
    long id = row.getLong("id");
    int attempts = row.getInteger("attempts");
    UUID contactId = row.getUUID("contact_id");
    Map<String, String> data = new HashMap<>();
    data.put("message", Long.toString(id));
    data.put("channel", row.getString("channel"));
    if (row.getString("to_number") != null) {
      data.put("to", PhoneNumbers.mask(row.getString("to_number")));
    }
    return sent.compose(
            providerId -> {
              data.put("provider_id", providerId);
              return record(
                  tenantId,
                  id,
                  "sent",
                  providerId,
                  null,
                  0,
                  new AuditEvent("message-sent", null, contactId, data));
            })
        .recover(
            e -> {
              boolean last = attempts >= MAX_ATTEMPTS || e instanceof Undeliverable;
              String error = e.getClass().getSimpleName() + ": " + e.getMessage();
              log.warn(
                  "tenant={} {} message {} failed (attempt {} of {}): {}",
                  tenantId,
                  row.getString("channel"),
                  id,
                  attempts,
                  MAX_ATTEMPTS,
                  error);
              data.put("attempt", Integer.toString(attempts));
              data.put("error", error);
              return record(
                  tenantId,
                  id,
                  last ? "failed" : "queued",
                  null,
                  error,
                  1L << Math.min(attempts, 10),
                  new AuditEvent(last ? "message-failed" : "message-retry", null, contactId, data));
            });
  }

  private Future<Void> record(
      String tenantId,
      long id,
      String status,
      String providerId,
      String error,
      long retryInSeconds,
      AuditEvent event) {
    Instant now = clock.instant();
    boolean done = !"queued".equals(status);
    return commits.run(
        "outbox/" + tenantId + "/" + id,
        tx ->
            tx.preparedQuery(
                    "update outbox_message set status = $3,"
                        + " provider_id = coalesce($4, provider_id),"
                        + " error = $5, claimed_until = null,"
                        + " body = case when $6 then null else body end,"
                        + " sent_at = case when $3 = 'sent' then $7 else sent_at end,"
                        + " next_attempt_at = $7 + make_interval(secs => $8)"
                        + " where tenant_id = $1 and id = $2")
                .execute(
                    Tuple.of(
                        tenantId,
                        id,
                        status,
                        providerId,
                        error,
                        done,
                        now.atOffset(ZoneOffset.UTC),
                        retryInSeconds))
                .compose(r -> audit.append(tx, tenantId, now, List.of(event))));
  }
}
