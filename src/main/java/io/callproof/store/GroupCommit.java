package io.callproof.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets units of work from many calls share one transaction and one commit (group commit). Each unit
 * runs its statements on the batch's connection, pipelined with the other units' statements, and
 * its future completes only once the whole batch has committed: nothing a unit yields can be
 * acknowledged before its writes are durable.
 *
 * <p>A batch is either committed whole or rolled back whole. When a unit fails, the batch rolls
 * back; the unit that failed first gets its failure, and every other unit of the batch is run once
 * more in a later batch (its own statements may have failed only because the transaction was
 * aborted). A unit must therefore leave nothing behind outside the database until its future
 * completes, so that running it again is the same as running it once.
 *
 * <p>Batches adapt to the load: while fewer than {@code maxBatches} run, a unit starts one at once
 * (alone when the service is quiet, so a quiet service waits for nothing); when all are running,
 * units queue, and the next batch to start takes up to {@code maxUnits} of them. Units with the
 * same key (the same call) never run at the same time, nor in one batch, and run in the order they
 * arrived; units with different keys must not depend on each other's order.
 */
public final class GroupCommit {

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final Pool pool;
  private final int maxBatches;
  private final int maxUnits;
  private final ArrayDeque<Unit<?>> queued = new ArrayDeque<>();
  private final Set<String> busyKeys = new HashSet<>();
  private int running;

  /**
   * @param maxBatches transactions this node keeps open at once for batches; the pool must have
   *     more connections than this, for work that does not go through batches
   * @param maxUnits the most units one batch takes
   */
  public GroupCommit(Pool pool, int maxBatches, int maxUnits) {
    if (maxBatches < 1 || maxUnits < 1) {
      throw new IllegalArgumentException(
          "group commit needs at least one batch of one unit, not "
              + maxBatches
              + " batches of "
              + maxUnits);
    }
    this.pool = pool;
    this.maxBatches = maxBatches;
    this.maxUnits = maxUnits;
  }

  /**
   * Runs {@code work} inside a transaction shared with other units, and yields its result once that
   * transaction has committed.
   *
   * @param key units with equal keys never share a batch or run at once (a call's id, say)
   * @param work the unit's statements, all on the connection it is given; it must not commit, roll
   *     back or close it
   * @return the unit's result after the commit; fails with the unit's own failure, or with the
   *     commit's
   */
  public <T> Future<T> run(String key, Function<SqlConnection, Future<T>> work) {
    Unit<T> unit = new Unit<>(key, work);
    synchronized (this) {
      queued.add(unit);
    }
    startBatches();
    return unit.promise.future();
  }

  private void startBatches() {
    while (true) {
      List<Unit<?>> batch = takeBatch();
      if (batch.isEmpty()) {
        return;
      }
      execute(batch);
    }
  }

  /** The next batch to start: empty when all batches are running or nothing can run yet. */
  private synchronized List<Unit<?>> takeBatch() {
    if (running >= maxBatches || queued.isEmpty()) {
      return List.of();
    }
    List<Unit<?>> batch = new ArrayList<>();
    Set<String> blocked = new HashSet<>();
    for (Iterator<Unit<?>> it = queued.iterator(); it.hasNext() && batch.size() < maxUnits; ) {
      Unit<?> unit = it.next();
      if (busyKeys.contains(unit.key) || blocked.contains(unit.key)) {
        // A later unit of the same key must wait for this one, to keep each key's order.
        blocked.add(unit.key);
        continue;
      }
      it.remove();
      busyKeys.add(unit.key);
      batch.add(unit);
    }
    if (!batch.isEmpty()) {
      running++;
    }
    return batch;
  }

  private void execute(List<Unit<?>> batch) {
    pool.getConnection()
        .compose(
            conn -> conn.begin().compose(tx -> runAll(conn, tx, batch)).eventually(conn::close))
        .onComplete(
            r -> {
              if (r.failed()) {
                for (Unit<?> unit : batch) {
                  unit.fail(r.cause());
                }
              }
              finished(batch);
            });
  }

  /**
   * Runs every unit, then commits when all succeeded, or rolls back and settles the units as the
   * class describes. Fails only when the batch could not begin or commit.
   */
  private Future<Void> runAll(SqlConnection conn, Transaction tx, List<Unit<?>> batch) {
    List<Future<?>> results = new ArrayList<>(batch.size());
    for (Unit<?> unit : batch) {
      results.add(unit.start(conn));
    }
    return Future.join(results)
        .transform(
            all -> {
              Unit<?> first = firstFailure(batch);
              if (first == null) {
                return tx.commit().onSuccess(v -> batch.forEach(Unit::succeed));
              }
              return tx.rollback()
                  .otherwiseEmpty()
                  .onComplete(v -> settleRolledBack(batch, first))
                  .mapEmpty();
            });
  }

  private static Unit<?> firstFailure(List<Unit<?>> batch) {
    Unit<?> first = null;
    for (Unit<?> unit : batch) {
      if (unit.failure != null && (first == null || unit.failedAt - first.failedAt < 0)) {
        first = unit;
      }
    }
    return first;
  }

  private void settleRolledBack(List<Unit<?>> batch, Unit<?> culprit) {
    List<Unit<?>> again = new ArrayList<>();
    for (Unit<?> unit : batch) {
      if (unit == culprit || unit.retried) {
        unit.fail(unit.failure != null ? unit.failure : culprit.failure);
      } else {
        unit.retried = true;
        again.add(unit);
      }
    }
    if (!again.isEmpty()) {
      log.warn(
          "a shared transaction of {} units rolled back because one failed ({}); running the other"
              + " {}"
              + " again",
          batch.size(),
          culprit.failure.toString(),
          again.size());
    }
    synchronized (this) {
      for (int i = again.size() - 1; i >= 0; i--) {
        queued.addFirst(again.get(i).reset());
      }
    }
  }

  private void finished(List<Unit<?>> batch) {
    synchronized (this) {
      running--;
      for (Unit<?> unit : batch) {
        busyKeys.remove(unit.key);
      }
    }
    startBatches();
  }

  /** One caller's work and the promise it waits on; touched by one batch at a time. */
  private static final class Unit<T> {
    final String key;
    final Function<SqlConnection, Future<T>> work;
    final Promise<T> promise = Promise.promise();
    boolean retried;
    T result;
    Throwable failure;
    long failedAt;

    Unit(String key, Function<SqlConnection, Future<T>> work) {
      this.key = key;
      this.work = work;
    }

    Future<T> start(SqlConnection conn) {
      Future<T> done;
      try {
        done = work.apply(conn);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      return done.onComplete(
          r -> {
            if (r.succeeded()) {
              result = r.result();
            } else {
              failure = r.cause();
              failedAt = System.nanoTime();
            }
          });
    }

    Unit<T> reset() {
      result = null;
      failure = null;
      failedAt = 0;
      return this;
    }

    void succeed() {
      promise.tryComplete(result);
    }

    void fail(Throwable cause) {
      promise.tryFail(cause);
    }
  }
}
