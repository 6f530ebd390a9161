package io.callproof.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks a tenant's chain: every seal in position order, each one's link to the one before, each
 * event against its seal, and the chain against the head last exported. Only reads, so the runtime
 * role can run it.
 */
public final class ChainCheck {

  private static final int PAGE = 5000;
  private static final HexFormat HEX = HexFormat.of();

  private static final String SEALS =
      "select s.position, s.event_id, s.hash, s.prev_hash, e.id is not null as present, "
          + StoredEvent.COLUMNS
          + " from audit_seal s"
          + " left join audit_event e on e.tenant_id = s.tenant_id and e.id = s.event_id"
          + " where s.tenant_id = $1 and s.position > $2 order by s.position limit $3";

  private final Pool pool;

  public ChainCheck(Pool pool) {
    this.pool = pool;
  }

  /**
   * Checks {@code tenantId}'s chain, and that it still holds {@code head} when one is given. Fails
   * only when the database cannot be read; a broken chain is a report.
   */
  public Future<ChainReport> check(String tenantId, Optional<AuditHead> head) {
    if (head.isPresent() && !head.get().tenantId().equals(tenantId)) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "the head given is tenant " + head.get().tenantId() + "'s, not " + tenantId + "'s"));
    }
    Walk walk = new Walk(head);
    return page(tenantId, walk)
        .compose(
            v ->
                pool.preparedQuery(
                        "select count(*) from audit_event e where e.tenant_id = $1 and not exists"
                            + " (select 1 from audit_seal s"
                            + " where s.tenant_id = e.tenant_id and s.event_id = e.id)")
                    .execute(Tuple.of(tenantId)))
        .map(rows -> walk.report(tenantId, rows.iterator().next().getLong(0)));
  }

  private Future<Void> page(String tenantId, Walk walk) {
    return pool.preparedQuery(SEALS)
        .execute(Tuple.of(tenantId, walk.position, PAGE))
        .compose(
            rows -> {
              for (Row row : rows) {
                if (!walk.step(row)) {
                  return Future.succeededFuture();
                }
              }
              return rows.size() < PAGE ? Future.succeededFuture() : page(tenantId, walk);
            });
  }

  /** The check's progress along the chain. */
  private static final class Walk {
    private final Optional<AuditHead> head;
    private long position;
    private byte[] hash = CanonicalEvent.GENESIS;
    private String hashAtHead;
    private long eventAtHead = -1;
    private ChainReport.BrokenLink broken;

    Walk(Optional<AuditHead> head) {
      this.head = head;
    }

    /** Checks the next seal; false once a link is broken. */
    boolean step(Row row) {
      long at = row.getLong("position");
      long eventId = row.getLong("event_id");
      byte[] sealed = row.getBuffer("hash").getBytes();
      if (at != position + 1) {
        return fail(position + 1, -1, "no seal at this position (the next is at " + at + ")");
      }
      if (!Arrays.equals(row.getBuffer("prev_hash").getBytes(), hash)) {
        return fail(at, eventId, "its previous hash is not the hash of position " + position);
      }
      if (!row.getBoolean("present")) {
        return fail(at, eventId, "event " + eventId + " is missing");
      }
      if (!Arrays.equals(CanonicalEvent.link(hash, StoredEvent.from(row)), sealed)) {
        return fail(at, eventId, "event " + eventId + " is not what was sealed: it was changed");
      }
      position = at;
      hash = sealed;
      if (head.isPresent() && head.get().position() == at) {
        hashAtHead = HEX.formatHex(sealed);
        eventAtHead = eventId;
      }
      return true;
    }

    private boolean fail(long at, long eventId, String problem) {
      broken = new ChainReport.BrokenLink(at, eventId, problem);
      return false;
    }

    ChainReport report(String tenantId, long unsealed) {
      if (broken == null && head.isPresent()) {
        compareWithHead(head.get());
      }
      return new ChainReport(
          tenantId,
          position,
          position == 0 ? null : HEX.formatHex(hash),
          head,
          Optional.ofNullable(broken),
          unsealed);
    }

    private void compareWithHead(AuditHead h) {
      if (h.position() > position) {
        fail(
            position + 1,
            -1,
            "the chain ends at position "
                + position
                + " but the head exported at "
                + h.exportedAt()
                + " is at position "
                + h.position()
                + ": events were removed from its end");
      } else if (!h.hash().equals(hashAtHead)) {
        fail(
            h.position(),
            eventAtHead,
            "the hash here differs from the head exported at "
                + h.exportedAt()
                + ": the chain was rewritten");
      }
    }
  }
}
