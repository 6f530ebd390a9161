package io.callproof.console;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this node's open consoles which calls changed. Each node listens on PostgreSQL's {@code
 * call_changed} channel (a trigger on {@code call} notifies at commit) and hands each call id to
 * the listeners of its tenant only. Notifications sent while the listening connection is down are
 * lost; listeners are told {@code null} when it is back, so that they reload what they show.
 */
public final class CallFeed {

  private static final Logger log = LoggerFactory.getLogger(CallFeed.class);
  private static final String CHANNEL = "call_changed";

  private final PgSubscriber subscriber;
  private final Map<String, Set<Listener>> listeners = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  private record Listener(Context context, Consumer<String> onCall) {}

  public CallFeed(Vertx vertx, PgConnectOptions connect) {
    this.subscriber = PgSubscriber.subscriber(vertx, connect);
    subscriber.reconnectPolicy(retries -> 1_000L);
  }

  /** Connects and listens; completes once the channel is subscribed. */
  public Future<Void> start() {
    subscriber.channel(CHANNEL).handler(this::changed).subscribeHandler(v -> resubscribed());
    subscriber.closeHandler(
        v -> {
          if (!stopping) {
            log.warn("call feed: listening connection lost; reconnecting every second");
          }
        });
    return subscriber.connect();
  }

  private void changed(String payload) {
    JsonObject change;
    try {
      change = new JsonObject(payload);
    } catch (RuntimeException e) {
      log.error("call feed: notification is not the JSON the trigger sends: {}", e.toString());
      return;
    }
    tell(change.getString("tenant"), change.getString("call"));
  }

  private void resubscribed() {
    listeners.keySet().forEach(tenant -> tell(tenant, null));
  }

  private void tell(String tenantId, String callSid) {
    Set<Listener> set = listeners.get(tenantId);
    if (set != null) {
      set.forEach(l -> l.context().runOnContext(v -> l.onCall().accept(callSid)));
    }
  }

  /**
   * Tells {@code onCall} each call id of the tenant that changes, on the caller's context; {@code
   * null} means "reload everything".
   *
   * @return stops the telling
   */
  public Runnable listen(String tenantId, Consumer<String> onCall) {
    Listener listener = new Listener(Vertx.currentContext(), onCall);
    listeners.computeIfAbsent(tenantId, t -> ConcurrentHashMap.newKeySet()).add(listener);
    return () -> listeners.computeIfPresent(tenantId, (t, set) -> remove(set, listener));
  }

  private static Set<Listener> remove(Set<Listener> set, Listener listener) {
    set.remove(listener);
    return set.isEmpty() ? null : set;
  }

  /** Stops listening. */
  public Future<Void> stop() {
    stopping = true;
    return subscriber.close();
  }
}
