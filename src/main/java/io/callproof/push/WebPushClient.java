package io.callproof.push;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends Web Push notifications (RFC 8030) to enrolled devices: one encrypted message per call,
 * signed with the installation's VAPID key. It neither retries nor forgets subscriptions itself;
 * the {@link PushResult} tells the caller which to do.
 */
public final class WebPushClient {

  /** How long to wait for a push service to connect or answer, in milliseconds. */
  static final long TIMEOUT_MILLIS = 10_000;

  private static final int MAX_REASON_CHARS = 200;

  private final WebClient http;
  private final VapidKeys keys;
  private final String subject;
  private final Clock clock;

  /**
   * @param http the client requests go through
   * @param keys the installation's VAPID key pair
   * @param subject the contact push services may use about this sender: {@code mailto:} or {@code
   *     https:}
   * @param clock the time tokens are issued at
   * @throws IllegalArgumentException when the subject is neither
   */
  public WebPushClient(WebClient http, VapidKeys keys, String subject, Clock clock) {
    VapidKeys.requireSubject(subject);
    this.http = http;
    this.keys = keys;
    this.subject = subject;
    this.clock = clock;
  }

  /**
   * Sends {@code payload} without a topic; see {@link #send(PushSubscription, byte[], Duration,
   * String)}.
   */
  public Future<PushResult> send(PushSubscription subscription, byte[] payload, Duration ttl) {
    return send(subscription, payload, ttl, null);
  }

  /**
   * Encrypts {@code payload} for the subscription's device and posts it with high urgency.
   *
   * @param payload what the device's service worker receives, at most {@link
   *     PushEncryption#MAX_PAYLOAD_BYTES} bytes
   * @param ttl how long the push service keeps the message for an unreachable device (whole
   *     seconds; zero: deliver now or drop)
   * @param topic replaces an undelivered earlier message with the same topic: up to 32 base64url
   *     characters, or {@code null} for none
   * @return the push service's verdict; a failed future only when an argument is wrong (payload too
   *     large, negative TTL, malformed topic), in which case nothing was sent
   */
  public Future<PushResult> send(
      PushSubscription subscription, byte[] payload, Duration ttl, String topic) {
    byte[] body;
    try {
      requireValid(ttl, topic);
      PushEncryption.requireFits(payload.length);
      body = PushEncryption.encrypt(payload, subscription);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }

    var request =
        http.postAbs(subscription.endpoint())
            .connectTimeout(TIMEOUT_MILLIS)
            .idleTimeout(TIMEOUT_MILLIS)
            .putHeader("Content-Type", "application/octet-stream")
            .putHeader("Content-Encoding", "aes128gcm")
            .putHeader("TTL", Long.toString(ttl.toSeconds()))
            .putHeader("Urgency", "high")
            .putHeader(
                "Authorization",
                keys.authorization(subscription.endpointUri(), subject, clock.instant()));
    if (topic != null) {
      request.putHeader("Topic", topic);
    }
    return request
        .sendBuffer(Buffer.buffer(body))
        .map(WebPushClient::result)
        .otherwise(PushResult::unreachable);
  }

  private static PushResult result(HttpResponse<Buffer> response) {
    String reason = response.bodyAsString() == null ? "" : response.bodyAsString().strip();
    if (reason.isEmpty()) {
      reason = response.statusMessage() == null ? "" : response.statusMessage();
    }
    if (reason.length() > MAX_REASON_CHARS) {
      reason = reason.substring(0, MAX_REASON_CHARS) + "...";
    }
    return PushResult.of(
        response.statusCode(), reason, retryAfter(response.getHeader("Retry-After")));
  }

  /** Seconds only; an HTTP date or junk is treated as no advice. */
  private static Optional<Duration> retryAfter(String header) {
    if (header == null || !header.strip().matches("[0-9]{1,9}")) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(Long.parseLong(header.strip())));
  }

  private static void requireValid(Duration ttl, String topic) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("push TTL must be zero or more seconds, got " + ttl);
    }
    if (topic != null && !topic.matches("[A-Za-z0-9_-]{1,32}")) {
      throw new IllegalArgumentException(
          "push topic must be 1 to 32 base64url characters (RFC 8030 section 5.4)");
    }
  }
}
