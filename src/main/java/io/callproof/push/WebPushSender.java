package io.callproof.push;

import io.callproof.directory.Tenant;
import io.callproof.message.PushSender;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Sends the outbox's push notifications with Web Push (VAPID, aes128gcm). */
public final class WebPushSender implements PushSender {

  private final WebPushClient client;
  private final Duration ttl;

  /**
   * @param ttl how long a push service may hold a notification for an offline device; an approval
   *     is worthless after its own lifetime
   */
  public WebPushSender(WebPushClient client, Duration ttl) {
    this.client = client;
    this.ttl = ttl;
  }

  @Override
  public Future<Result> send(Tenant tenant, Target target, String payload) {
    PushSubscription subscription;
    try {
      subscription = new PushSubscription(target.endpoint(), target.p256dh(), target.auth());
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(Result.REJECTED);
    }
    return client
        .send(subscription, payload.getBytes(StandardCharsets.UTF_8), ttl)
        .compose(
            result ->
                switch (result.outcome()) {
                  case DELIVERED -> Future.succeededFuture(Result.DELIVERED);
                  case GONE -> Future.succeededFuture(Result.GONE);
                  case REJECTED -> Future.succeededFuture(Result.REJECTED);
                  default ->
                      Future.failedFuture(
                          new IllegalStateException(
                              "push service answered " + result.status() + "; will retry"));
                });
  }
}
