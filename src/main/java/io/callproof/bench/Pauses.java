package io.callproof.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A caller's pauses at prompts: a random time between two bounds. When a phase stops measuring,
 * {@link #releaseAll()} ends every pending pause at once and makes later ones instant, so that the
 * calls still going finish quickly.
 */
final class Pauses {

  private final Vertx vertx;
  private final long minMillis;
  private final long maxMillis;
  private final Map<Long, Promise<Void>> pending = new ConcurrentHashMap<>();
  private volatile boolean released;

  Pauses(Vertx vertx, long minMillis, long maxMillis) {
    this.vertx = vertx;
    this.minMillis = minMillis;
    this.maxMillis = maxMillis;
  }

  /** Callers who never pause. */
  static Pauses none(Vertx vertx) {
    return new Pauses(vertx, 0, 0);
  }

  /** Completes after a random pause, or at once when pauses are off or released. */
  Future<Void> next() {
    if (released || maxMillis == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    long millis = ThreadLocalRandom.current().nextLong(minMillis, maxMillis + 1);
    long timer =
        vertx.setTimer(
            Math.max(1, millis),
            id -> {
              pending.remove(id);
              done.tryComplete();
            });
    pending.put(timer, done);
    return done.future();
  }

  /** The longest pause, in milliseconds. */
  long maxMillis() {
    return maxMillis;
  }

  /** Ends every pending pause now; pauses asked for later end at once. */
  void releaseAll() {
    released = true;
    pending.forEach(
        (timer, promise) -> {
          vertx.cancelTimer(timer);
          promise.tryComplete();
        });
    pending.clear();
  }
}
