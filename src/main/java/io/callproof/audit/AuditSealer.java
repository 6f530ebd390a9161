package io.callproof.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals committed audit events into their tenant's hash chain, and exports each chain's new head.
 *
 * <p>Positions follow the inserting transaction's id, then the event id. Only events of
 * transactions older than the oldest one still running are sealed: every such transaction has
 * ended, so no event below that horizon can appear later, and an event committed late is never
 * skipped nor sealed after the events that follow it. Across nodes one sealer runs at a time, under
 * a transaction-scoped advisory lock; a node that finds it taken leaves the round to the other.
 */
public final class AuditSealer {

  /** Events sealed per tenant in one transaction; a full batch starts another at once. */
  static final int BATCH = 1000;

  private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);

  /** The advisory lock a sealing round holds, so that one node seals at a time. */
  static final long LOCK_ID = 0x4175646974536561L;

  private static final HexFormat HEX = HexFormat.of();

  private static final String LAST_SEAL =
      "select s.position, s.hash, e.xid::text as xid, e.id from audit_seal s"
          + " join audit_event e on e.tenant_id = s.tenant_id and e.id = s.event_id"
          + " where s.tenant_id = $1 order by s.position desc limit 1";

  private static final String NEXT_EVENTS =
      "select "
          + StoredEvent.COLUMNS
          + " from audit_event e"
          + " where e.tenant_id = $1 and e.xid < pg_snapshot_xmin(pg_current_snapshot())"
          + " and (e.xid, e.id) > ($2::text::xid8, $3)"
          + " order by e.xid, e.id limit $4";

  private final Pool pool;
  private final HeadFiles heads;
  private final Clock clock;
  private long timer = -1;
  private Future<Integer> running = Future.succeededFuture(0);

  public AuditSealer(Pool pool, HeadFiles heads, Clock clock) {
    this.pool = pool;
    this.heads = heads;
    this.clock = clock;
  }

  /** Seals every {@code periodMillis} milliseconds until {@link #stop()}. */
  public synchronized void start(Vertx vertx, long periodMillis) {
    timer = vertx.setPeriodic(periodMillis, id -> runIfIdle());
  }

  /** Stops sealing; completes when a round in progress has ended. */
  public synchronized Future<Void> stop(Vertx vertx) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return running.<Void>mapEmpty().otherwiseEmpty();
  }

  private synchronized void runIfIdle() {
    if (!running.isComplete()) {
      return;
    }
    running =
        sealNow().onFailure(e -> log.warn("audit sealing failed, will retry: {}", e.getMessage()));
  }

  /**
   * Seals what can be sealed now, in as many rounds as it takes, and exports the heads that moved.
   * Yields the number of events sealed: 0 also when another node holds the sealing lock.
   */
  public Future<Integer> sealNow() {
    return round().compose(moved -> exportHeads(moved).compose(v -> more(moved)));
  }

  private Future<Integer> more(List<Moved> moved) {
    int sealed = moved.stream().mapToInt(Moved::count).sum();
    boolean full = moved.stream().anyMatch(m -> m.count() == BATCH);
    return full ? sealNow().map(n -> n + sealed) : Future.succeededFuture(sealed);
  }

  private Future<List<Moved>> round() {
    return pool.withTransaction(
        conn ->
            conn.query("select pg_try_advisory_xact_lock(" + LOCK_ID + ")")
                .execute()
                .compose(
                    locked ->
                        locked.iterator().next().getBoolean(0)
                            ? conn.query("select id from tenant order by id").execute()
                            : Future.succeededFuture(null))
                .compose(tenants -> tenants == null ? none() : sealEach(conn, tenants)));
  }

  private static Future<List<Moved>> none() {
    return Future.succeededFuture(List.of());
  }

  private Future<List<Moved>> sealEach(SqlConnection conn, RowSet<Row> tenants) {
    List<Moved> moved = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Row row : tenants) {
      String tenantId = row.getString(0);
      chain = chain.compose(v -> sealTenant(conn, tenantId).map(m -> m.map(moved::add)).mapEmpty());
    }
    return chain.map(v -> moved);
  }

  private Future<Optional<Moved>> sealTenant(SqlConnection conn, String tenantId) {
    return conn.preparedQuery(LAST_SEAL)
        .execute(Tuple.of(tenantId))
        .map(rows -> rows.size() == 0 ? Cursor.START : Cursor.of(rows.iterator().next()))
        .compose(
            cursor ->
                conn.preparedQuery(NEXT_EVENTS)
                    .execute(Tuple.of(tenantId, cursor.xid, cursor.eventId, BATCH))
                    .compose(events -> insertSeals(conn, tenantId, cursor, events)));
  }

  private Future<Optional<Moved>> insertSeals(
      SqlConnection conn, String tenantId, Cursor cursor, RowSet<Row> events) {
    if (events.size() == 0) {
      return Future.succeededFuture(Optional.empty());
    }
    int n = events.size();
    Long[] positions = new Long[n];
    Long[] eventIds = new Long[n];
    Buffer[] hashes = new Buffer[n];
    Buffer[] previousHashes = new Buffer[n];
    long position = cursor.position;
    byte[] previous = cursor.hash;
    int i = 0;
    for (Row row : events) {
      StoredEvent event = StoredEvent.from(row);
      byte[] hash = CanonicalEvent.link(previous, event);
      position++;
      positions[i] = position;
      eventIds[i] = event.id();
      hashes[i] = Buffer.buffer(hash);
      previousHashes[i] = Buffer.buffer(previous);
      previous = hash;
      i++;
    }
    Moved moved = new Moved(tenantId, n, position, HEX.formatHex(previous));
    // The whole batch in one statement: a thousand single-row inserts cost the database far more.
    return conn.preparedQuery(
            "insert into audit_seal (tenant_id, position, event_id, hash, prev_hash)"
                + " select $1, * from unnest($2::bigint[], $3::bigint[], $4::bytea[], $5::bytea[])")
        .execute(Tuple.of(tenantId, positions, eventIds, hashes, previousHashes))
        .map(r -> Optional.of(moved));
  }

  /**
   * Writes the heads that moved, once their seals have committed. A head file is replaced only when
   * the head it holds is still part of the chain: otherwise the chain was cut short or rewritten
   * since, and the file is kept as the evidence.
   */
  private Future<Void> exportHeads(List<Moved> moved) {
    Future<Void> chain = Future.succeededFuture();
    for (Moved m : moved) {
      chain = chain.compose(v -> exportHead(m));
    }
    return chain;
  }

  private Future<Void> exportHead(Moved moved) {
    Optional<AuditHead> previous;
    try {
      previous = heads.read(moved.tenantId);
    } catch (IOException | IllegalArgumentException e) {
      log.error(
          "audit head of tenant={} cannot be read, so it is not replaced; check {}: {}",
          moved.tenantId,
          heads.folder(),
          e.getMessage());
      return Future.succeededFuture();
    }
    if (previous.isEmpty()) {
      return write(moved);
    }
    return pool.preparedQuery("select hash from audit_seal where tenant_id = $1 and position = $2")
        .execute(Tuple.of(moved.tenantId, previous.get().position()))
        .compose(
            rows -> {
              boolean kept =
                  rows.size() == 1
                      && HEX.formatHex(rows.iterator().next().getBuffer(0).getBytes())
                          .equals(previous.get().hash());
              if (!kept) {
                log.error(
                    "audit chain of tenant={} no longer holds its exported head at position={};"
                        + " the head file is kept; run audit-check {}",
                    moved.tenantId,
                    previous.get().position(),
                    moved.tenantId);
                return Future.succeededFuture();
              }
              return write(moved);
            });
  }

  private Future<Void> write(Moved moved) {
    AuditHead head = new AuditHead(moved.tenantId, moved.position, moved.hash, clock.instant());
    try {
      heads.write(head);
    } catch (IOException e) {
      log.warn(
          "audit head of tenant={} not written to {}, will retry at the next seal: {}",
          moved.tenantId,
          heads.folder(),
          e.getMessage());
    }
    log.info(
        "audit head tenant={} position={} hash={}", head.tenantId(), head.position(), head.hash());
    return Future.succeededFuture();
  }

  /** Where a tenant's chain ends: the last seal and its event's place in the sealing order. */
  private record Cursor(long position, byte[] hash, String xid, long eventId) {
    static final Cursor START = new Cursor(0, CanonicalEvent.GENESIS, "0", 0);

    static Cursor of(Row row) {
      return new Cursor(
          row.getLong("position"),
          row.getBuffer("hash").getBytes(),
          row.getString("xid"),
          row.getLong("id"));
    }
  }

  /** A chain that grew in a round: by how many events, and its new head. */
  private record Moved(String tenantId, int count, long position, String hash) {}
}
