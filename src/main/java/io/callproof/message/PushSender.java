package io.callproof.message;

import io.callproof.directory.Tenant;
import io.vertx.core.Future;

/** Sends Web Push notifications to enrolled devices. */
public interface PushSender {

  /**
   * A device's push subscription, as its browser gave it.
   *
   * @param endpoint the push service URL
   * @param p256dh the device's public key, base64url
   * @param auth the device's authentication secret, base64url
   */
  record Target(String endpoint, String p256dh, String auth) {}

  /** How a send ended. */
  enum Result {
    /** The push service took it. */
    DELIVERED,
    /** The subscription is gone (404, 410): the device must be dropped. */
    GONE,
    /** The push service refused it for good. */
    REJECTED
  }

  /**
   * Sends one notification.
   *
   * @param payload JSON the device's service worker shows; never logged
   * @return how it ended; a failed future for a fault worth retrying (5xx, 429, network)
   */
  Future<Result> send(Tenant tenant, Target target, String payload);
}
