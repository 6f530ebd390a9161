package io.callproof.message;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many texts each tenant queued in the last hour, for the tenant's text limit. Counting the
 * hour's texts on every call would cost each call a scan that grows with the tenant's traffic, so
 * the count is read from the outbox at most once per {@link #FRESH} per tenant on this node, stops
 * at the limit (only "below the limit or not" matters), and texts this node queues since are added
 * to it. Texts queued by other nodes within that second, or in transactions still open when it was
 * read, are missed until the next read: the limit can be passed by about a second of texts. When
 * the count goes stale, one turn reads it again while the others go on with the count they had.
 */
final class TextTally {

  /** How long a count read from the outbox is used before it is read again. */
  static final Duration FRESH = Duration.ofSeconds(1);

  private final Map<String, Count> tenants = new ConcurrentHashMap<>();

  /**
   * Texts the tenant queued in the hour before {@code now}, counted up to {@code most}.
   *
   * @param tx where to read when the tally is stale: the caller's transaction
   */
  Future<Long> lastHour(SqlClient tx, String tenantId, long most, Instant now) {
    Count known = tenants.get(tenantId);
    if (known != null && !now.isBefore(known.readAt)) {
      boolean fresh = now.isBefore(known.readAt.plus(FRESH));
      // When stale, one turn reads the count again; the turns meanwhile keep the count they had.
      if (fresh || !known.reading.compareAndSet(false, true)) {
        return Future.succeededFuture(known.texts.get());
      }
    }
    return tx.preparedQuery(
            "select count(*) from (select 1 from outbox_message where tenant_id = $1"
                + " and channel = 'sms' and created_at > $2 limit $3) recent")
        .execute(Tuple.of(tenantId, now.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC), most))
        .map(
            rows -> {
              long texts = rows.iterator().next().getLong(0);
              tenants.put(tenantId, new Count(now, new AtomicLong(texts), new AtomicBoolean()));
              return texts;
            })
        .onFailure(
            e -> {
              if (known != null) {
                known.reading.set(false);
              }
            });
  }

  /** Counts a text this node just queued for the tenant. */
  void queued(String tenantId) {
    Count known = tenants.get(tenantId);
    if (known != null) {
      known.texts.incrementAndGet();
    }
  }

  private record Count(Instant readAt, AtomicLong texts, AtomicBoolean reading) {}
}
