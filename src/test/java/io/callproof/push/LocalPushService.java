package io.callproof.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for a browser vendor's push service (RFC 8030, 8291, 8292), playing the browser
 * too: {@link #subscribe} makes a device key pair and authentication secret as {@code
 * pushManager.subscribe} would, and every push to it is checked as a real service checks it (VAPID
 * signature, audience, expiry, the key the subscription was made for) and then decrypted with the
 * device's keys.
 */
public final class LocalPushService {

  /** A push that passed every check, decrypted. */
  public record Received(
      String device, byte[] payload, String ttl, String urgency, String topic, String subject) {}

  private record Device(KeyPair keys, byte[] authSecret, String applicationServerKey) {}

  private static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(24);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Device> devices = new ConcurrentHashMap<>();
  private final Set<String> unsubscribed = ConcurrentHashMap.newKeySet();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int failNextWith;
  private volatile String failNextRetryAfter;
  private HttpServer server;

  /** Listens on a free loopback port. */
  public static Future<LocalPushService> start(Vertx vertx) {
    LocalPushService service = new LocalPushService();
    Router router = Router.router(vertx);
    router.post("/push/:device").handler(BodyHandler.create()).handler(service::push);
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .map(
            server -> {
              service.server = server;
              return service;
            });
  }

  public Future<Void> close() {
    return server.close();
  }

  /** {@code http://127.0.0.1:<port>}: the audience tokens must name. */
  public String origin() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /**
   * A new subscription bound to {@code applicationServerKey} (base64url), as a browser's {@code
   * pushManager.subscribe({applicationServerKey})} returns it.
   */
  public PushSubscription subscribe(String applicationServerKey) {
    KeyPair keys = P256.generate();
    byte[] authSecret = new byte[PushSubscription.AUTH_SECRET_BYTES];
    RANDOM.nextBytes(authSecret);
    String id = UUID.randomUUID().toString();
    devices.put(id, new Device(keys, authSecret, applicationServerKey));
    return new PushSubscription(
        origin() + "/push/" + id,
        P256.base64Url(P256.raw((ECPublicKey) keys.getPublic())),
        P256.base64Url(authSecret));
  }

  /** The device unsubscribes: pushes to it are answered 410 Gone from now on. */
  public void unsubscribe(PushSubscription subscription) {
    unsubscribed.add(deviceId(subscription));
  }

  /** Answers the next push with {@code status} and, if not null, a {@code Retry-After}. */
  public void failNext(int status, String retryAfter) {
    failNextRetryAfter = retryAfter;
    failNextWith = status;
  }

  static String deviceId(PushSubscription subscription) {
    String endpoint = subscription.endpoint();
    return endpoint.substring(endpoint.lastIndexOf('/') + 1);
  }

  public List<Received> received() {
    return received;
  }

  /** Why pushes were refused, one line each. */
  public List<String> refusals() {
    return refusals;
  }

  /** Every request that reached the service, refused or not. */
  public int requests() {
    return requests.get();
  }

  private void push(RoutingContext ctx) {
    requests.incrementAndGet();
    if (failNextWith != 0) {
      int status = failNextWith;
      failNextWith = 0;
      if (failNextRetryAfter != null) {
        ctx.response().putHeader("Retry-After", failNextRetryAfter);
      }
      ctx.response().setStatusCode(status).end("try again later");
      return;
    }
    String id = ctx.pathParam("device");
    Device device = devices.get(id);
    if (device == null) {
      refuse(ctx, 404, "no such subscription");
      return;
    }
    if (unsubscribed.contains(id)) {
      refuse(ctx, 410, "subscription expired or unsubscribed");
      return;
    }

    VapidVerifier.Claims claims;
    try {
      claims = checkedClaims(ctx.request().getHeader("Authorization"), device);
    } catch (IllegalArgumentException e) {
      refuse(ctx, 403, e.getMessage());
      return;
    }
    if (!"aes128gcm".equals(ctx.request().getHeader("Content-Encoding"))
        || ctx.request().getHeader("TTL") == null) {
      refuse(ctx, 400, "needs Content-Encoding: aes128gcm and a TTL");
      return;
    }

    byte[] payload;
    try {
      payload =
          PushEncryption.decrypt(
              ctx.body().buffer().getBytes(), device.keys(), device.authSecret());
    } catch (IllegalArgumentException e) {
      refuse(ctx, 400, e.getMessage());
      return;
    }
    received.add(
        new Received(
            id,
            payload,
            ctx.request().getHeader("TTL"),
            ctx.request().getHeader("Urgency"),
            ctx.request().getHeader("Topic"),
            claims.sub()));
    ctx.response()
        .setStatusCode(201)
        .putHeader("Location", origin() + "/message/" + UUID.randomUUID())
        .end();
  }

  private VapidVerifier.Claims checkedClaims(String authorization, Device device) {
    if (authorization == null) {
      throw new IllegalArgumentException("no Authorization header");
    }
    VapidVerifier.Claims claims = VapidVerifier.verify(authorization);
    Instant now = Instant.now();
    if (!device.applicationServerKey().equals(claims.key())) {
      throw new IllegalArgumentException("k is not the key this subscription was made for");
    }
    if (!origin().equals(claims.aud())) {
      throw new IllegalArgumentException("aud is not this push service's origin");
    }
    if (claims.exp() <= now.getEpochSecond()) {
      throw new IllegalArgumentException("token expired");
    }
    if (claims.exp() > now.plus(MAX_TOKEN_LIFETIME).getEpochSecond()) {
      throw new IllegalArgumentException("exp is more than 24 hours ahead");
    }
    if (claims.sub() == null) {
      throw new IllegalArgumentException("no sub claim");
    }
    return claims;
  }

  private void refuse(RoutingContext ctx, int status, String reason) {
    refusals.add(status + " " + reason);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain").end(reason);
  }
}
