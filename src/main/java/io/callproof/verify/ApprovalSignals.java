package io.callproof.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a call waiting for a push approval, on whichever node holds it, that the approval was
 * answered, so that its hold segments need not read the approval from the database one by one. A
 * trigger on {@code verification} notifies {@code approval_answered} when the answer commits; each
 * node listens with one connection ({@link PgSubscriber}).
 *
 * <p>A notification only says "read it now": the answer itself is always read from the database, so
 * a notification that anyone sends cannot decide anything. A segment also reads the approval when
 * it was last read {@code recheck} ago or more (a lost notification can only delay an answer), once
 * the approval's lifetime is over, and at every segment while this node is not listening. When the
 * listening connection is re-established every waiting call reads its approval at its next segment,
 * since notifications sent while it was down are lost. Listening counts as working only once a
 * notification this node sent itself, from the subscription's handler, has come back on the current
 * connection.
 */
public final class ApprovalSignals {

  /** The channel the trigger notifies. */
  static final String CHANNEL = "approval_answered";

  private static final Logger log = LoggerFactory.getLogger(ApprovalSignals.class);
  private static final long FIRST_LISTEN_SECONDS = 10;

  /** What this node knows of one approval a call here waits for. */
  private static final class Watch {
    final AtomicLong signals = new AtomicLong();
    volatile long readingAt;
    volatile long seen = -1;
    volatile Instant readAt;
    volatile Instant expires;
    volatile int attemptsLeft;
  }

  private final PgSubscriber subscriber;
  private final Pool pool;
  private final Duration recheck;
  private final Cache<String, Watch> watches =
      Caffeine.newBuilder().expireAfterAccess(30, TimeUnit.MINUTES).build();
  private final String probe = "probe " + UUID.randomUUID();
  private final AtomicInteger confirmed = new AtomicInteger();
  private final AtomicLong reads = new AtomicLong();
  private final Promise<Void> firstConfirmed = Promise.promise();
  private volatile boolean listening;
  private volatile boolean stopping;

  private ApprovalSignals(PgSubscriber subscriber, Pool pool, Duration recheck) {
    this.subscriber = subscriber;
    this.pool = pool;
    this.recheck = recheck;
  }

  /**
   * Signals that listen on their own connection.
   *
   * @param connect where to listen: the service's database
   * @param pool sends this node's own check notifications
   * @param recheck how long a waiting call may go without reading its approval
   */
  public static ApprovalSignals listening(
      Vertx vertx, PgConnectOptions connect, Pool pool, Duration recheck) {
    PgSubscriber subscriber = PgSubscriber.subscriber(vertx, connect);
    subscriber.reconnectPolicy(retries -> 1_000L);
    return new ApprovalSignals(subscriber, pool, recheck);
  }

  /** Signals that never listen: every hold segment reads its approval from the database. */
  public static ApprovalSignals unheard() {
    return new ApprovalSignals(null, null, Duration.ZERO);
  }

  /**
   * Connects and listens; completes once a notification sent after subscribing has come back, and
   * fails when none comes within 10 seconds.
   */
  public Future<Void> start() {
    if (subscriber == null) {
      return Future.succeededFuture();
    }
    subscriber.channel(CHANNEL).handler(this::notified).subscribeHandler(v -> subscribed());
    // Called only when the subscriber gives up reconnecting, which its policy here never does.
    subscriber.closeHandler(v -> listening = false);
    return subscriber
        .connect()
        .compose(v -> firstConfirmed.future().timeout(FIRST_LISTEN_SECONDS, TimeUnit.SECONDS))
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "approval signals: LISTEN "
                            + CHANNEL
                            + " did not hear its own notification ("
                            + e.getMessage()
                            + "); check the database connection",
                        e)));
  }

  /** Stops listening. */
  public Future<Void> stop() {
    stopping = true;
    listening = false;
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  private void subscribed() {
    // Until this node hears its own notification on the new connection, and for anything notified
    // while the connection was down (lost), every waiting call reads its approval again.
    listening = false;
    watches.asMap().values().forEach(w -> w.signals.incrementAndGet());
    if (confirmed.get() > 0) {
      log.warn(
          "approval signals: listening connection re-established; {} waiting call(s) read their"
              + " approval at their next hold segment",
          watches.estimatedSize());
    }
    pool.preparedQuery("select pg_notify($1, $2)")
        .execute(Tuple.of(CHANNEL, probe))
        .onFailure(
            e ->
                log.warn(
                    "approval signals: could not check the listening connection: {}",
                    e.toString()));
  }

  private void notified(String payload) {
    if (probe.equals(payload)) {
      if (!listening) {
        listening = true;
        log.info("approval signals: listening on {} (confirmed {})", CHANNEL, confirmed.get() + 1);
        confirmed.incrementAndGet();
        firstConfirmed.tryComplete();
      }
      return;
    }
    if (payload.startsWith("probe ")) {
      return;
    }
    JsonObject answered;
    try {
      answered = new JsonObject(payload);
    } catch (RuntimeException e) {
      log.error("approval signals: notification is not the JSON the trigger sends: {}", payload);
      return;
    }
    Watch watch =
        watches.getIfPresent(key(answered.getString("tenant"), answered.getString("verification")));
    if (watch != null) {
      watch.signals.incrementAndGet();
    }
  }

  /**
   * Whether a hold segment must read the approval from the database now. When it says yes, call
   * {@link #read} after reading an approval still pending.
   */
  boolean mustRead(String tenantId, UUID verificationId, Instant now) {
    Watch watch = watches.get(key(tenantId, verificationId.toString()), k -> new Watch());
    long signals = watch.signals.get();
    boolean read =
        !isListening()
            || watch.readAt == null
            || signals != watch.seen
            || !now.isBefore(watch.readAt.plus(recheck))
            || watch.expires != null && now.isAfter(watch.expires);
    if (read) {
      watch.readingAt = signals;
      reads.incrementAndGet();
    }
    return read;
  }

  /** Records that the approval was read at {@code now} and is still pending. */
  void read(String tenantId, UUID verificationId, Instant now, Instant expires, int attemptsLeft) {
    Watch watch = watches.getIfPresent(key(tenantId, verificationId.toString()));
    if (watch != null) {
      watch.expires = expires;
      watch.attemptsLeft = attemptsLeft;
      watch.readAt = now;
      watch.seen = watch.readingAt;
    }
  }

  /** The wrong entries the approval still allowed when last read. */
  int attemptsLeft(String tenantId, UUID verificationId) {
    Watch watch = watches.getIfPresent(key(tenantId, verificationId.toString()));
    return watch == null ? 0 : watch.attemptsLeft;
  }

  /** Forgets an approval that is decided. */
  void decided(String tenantId, UUID verificationId) {
    watches.invalidate(key(tenantId, verificationId.toString()));
  }

  /** Whether this node is listening, as last confirmed by its own notification. */
  public boolean isListening() {
    return listening && subscriber != null && subscriber.actualConnection() != null;
  }

  /** How many times listening was confirmed: once at start, once more after each reconnection. */
  public int timesConfirmed() {
    return confirmed.get();
  }

  /** How many times a hold segment on this node was told to read its approval. */
  public long reads() {
    return reads.get();
  }

  private static String key(String tenantId, String verificationId) {
    return tenantId + "/" + verificationId;
  }
}
