package io.callproof.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callproof.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pushes sent over HTTP to a local push service that checks them as a browser vendor's does and
 * decrypts them as the device would.
 */
class WebPushClientTest {

  private static final String SUBJECT = "mailto:helpdesk@secure-it.example";
  private static final Duration TTL = Duration.ofMinutes(2);

  private static Vertx vertx;
  private static WebClient http;
  private static LocalPushService pushService;
  private static VapidKeys keys;
  private static WebPushClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    pushService = Await.result(LocalPushService.start(vertx));
    keys = VapidKeys.generate();
    client = new WebPushClient(http, keys, SUBJECT, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    Await.result(pushService.close());
    http.close();
    Await.result(vertx.close());
  }

  private static byte[] approvalJson() {
    return new JsonObject()
        .put("approval", "4f2c9a")
        .put("caller", "Dana Reyes")
        .put("from", "+1 312 ***-0121")
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void send_toASubscribedDevice_arrivesAndDecryptsToTheOriginalJson() {
    PushSubscription subscription = pushService.subscribe(keys.publicKeyBase64Url());

    PushResult result =
        Await.result(client.send(subscription, approvalJson(), TTL, "approval-4f2c9a"));

    assertThat(result).isEqualTo(PushResult.delivered(201));
    assertThat(pushService.received())
        .filteredOn(received -> received.device().equals(LocalPushService.deviceId(subscription)))
        .singleElement()
        .satisfies(
            received -> {
              assertThat(new String(received.payload(), StandardCharsets.UTF_8))
                  .isEqualTo(new String(approvalJson(), StandardCharsets.UTF_8));
              assertThat(received.ttl()).isEqualTo("120");
              assertThat(received.urgency()).isEqualTo("high");
              assertThat(received.topic()).isEqualTo("approval-4f2c9a");
              assertThat(received.subject()).isEqualTo(SUBJECT);
            });
  }

  @Test
  void send_theLargestPayload_isDelivered() {
    PushSubscription subscription = pushService.subscribe(keys.publicKeyBase64Url());

    PushResult result =
        Await.result(client.send(subscription, new byte[PushEncryption.MAX_PAYLOAD_BYTES], TTL));

    assertThat(result.outcome()).isEqualTo(PushResult.Outcome.DELIVERED);
  }

  @Test
  void send_afterTheDeviceUnsubscribed_isGone() {
    PushSubscription subscription = pushService.subscribe(keys.publicKeyBase64Url());
    pushService.unsubscribe(subscription);

    PushResult result = Await.result(client.send(subscription, approvalJson(), TTL));

    assertThat(result.outcome()).isEqualTo(PushResult.Outcome.GONE);
    assertThat(result.status()).isEqualTo(410);
  }

  @Test
  void send_payloadTooLarge_isRefusedBeforeSending() {
    PushSubscription subscription = pushService.subscribe(keys.publicKeyBase64Url());
    int requestsBefore = pushService.requests();

    assertThatThrownBy(() -> Await.result(client.send(subscription, new byte[4000], TTL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "push payload is 4000 bytes; at most 3993 fit in one aes128gcm record of 4096 bytes");
    assertThat(pushService.requests()).isEqualTo(requestsBefore);
  }

  @Test
  void send_withAnotherInstallationsKey_isRejectedWithTheServicesReason() {
    PushSubscription subscription = pushService.subscribe(keys.publicKeyBase64Url());
    WebPushClient stranger =
        new WebPushClient(http, VapidKeys.generate(), SUBJECT, Clock.systemUTC());

    PushResult result = Await.result(stranger.send(subscription, approvalJson(), TTL));

    assertThat(result)
        .isEqualTo(
            new PushResult(
                PushResult.Outcome.REJECTED,
                403,
                "k is not the key this subscription was made for",
                Optional.empty()));
  }

  @Test
  void send_withAClock13HoursSlow_isRejectedAsExpired() {
    PushSubscription subscription = pushService.subscribe(keys.publicKeyBase64Url());
    Clock slow = Clock.offset(Clock.systemUTC(), Duration.ofHours(-13));

    PushResult result =
        Await.result(
            new WebPushClient(http, keys, SUBJECT, slow).send(subscription, approvalJson(), TTL));

    assertThat(result.outcome()).isEqualTo(PushResult.Outcome.REJECTED);
    assertThat(result.reason()).isEqualTo("token expired");
  }

  @Test
  void send_whenThePushServiceIsOverloaded_isRetriedAfterItsPause() {
    PushSubscription subscription = pushService.subscribe(keys.publicKeyBase64Url());
    pushService.failNext(503, "30");

    PushResult overloaded = Await.result(client.send(subscription, approvalJson(), TTL));
    pushService.failNext(429, null);
    PushResult throttled = Await.result(client.send(subscription, approvalJson(), TTL));

    assertThat(overloaded.outcome()).isEqualTo(PushResult.Outcome.RETRY);
    assertThat(overloaded.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(throttled.outcome()).isEqualTo(PushResult.Outcome.RETRY);
    assertThat(throttled.retryAfter()).isEmpty();
  }

  @Test
  void send_toAServiceThatDoesNotAnswer_isRetried() {
    PushSubscription live = pushService.subscribe(keys.publicKeyBase64Url());
    var closed =
        Await.result(vertx.createHttpServer().requestHandler(r -> {}).listen(0, "127.0.0.1"));
    int port = closed.actualPort();
    Await.result(closed.close());
    PushSubscription nowhere =
        new PushSubscription("http://127.0.0.1:" + port + "/push/x", live.p256dh(), live.auth());

    PushResult result = Await.result(client.send(nowhere, approvalJson(), TTL));

    assertThat(result.outcome()).isEqualTo(PushResult.Outcome.RETRY);
    assertThat(result.status()).isZero();
  }

  @Test
  void localService_refusesATokenSignedByAnotherKeyOrWithAChangedClaim() {
    PushSubscription subscription = pushService.subscribe(keys.publicKeyBase64Url());
    Instant expires = Instant.now().plus(Duration.ofHours(12));
    String foreignToken = VapidKeys.generate().token(pushService.origin(), SUBJECT, expires);
    String ownToken = keys.token(pushService.origin(), SUBJECT, expires);
    String[] parts = ownToken.split("\\.");
    String changedClaim =
        parts[0]
            + "."
            + P256.base64Url(
                new JsonObject()
                    .put("aud", pushService.origin())
                    .put("exp", expires.getEpochSecond() + 1)
                    .put("sub", SUBJECT)
                    .encode()
                    .getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    int foreign =
        post(subscription, "vapid t=" + foreignToken + ", k=" + keys.publicKeyBase64Url());
    int changed =
        post(subscription, "vapid t=" + changedClaim + ", k=" + keys.publicKeyBase64Url());
    int genuine = post(subscription, "vapid t=" + ownToken + ", k=" + keys.publicKeyBase64Url());

    assertThat(foreign).isEqualTo(403);
    assertThat(changed).isEqualTo(403);
    assertThat(genuine).isEqualTo(201);
    assertThat(pushService.refusals()).contains("403 token signature does not verify with k");
  }

  @Test
  void localService_refusesATokenForAnotherOriginOrLivingOver24Hours() {
    PushSubscription subscription = pushService.subscribe(keys.publicKeyBase64Url());
    Instant soon = Instant.now().plus(Duration.ofHours(1));
    String otherOrigin = keys.token("https://push.example.net", SUBJECT, soon);
    String tooLong = keys.token(pushService.origin(), SUBJECT, soon.plus(Duration.ofHours(24)));
    String k = ", k=" + keys.publicKeyBase64Url();

    assertThat(post(subscription, "vapid t=" + otherOrigin + k)).isEqualTo(403);
    assertThat(post(subscription, "vapid t=" + tooLong + k)).isEqualTo(403);
    assertThat(pushService.refusals())
        .contains(
            "403 aud is not this push service's origin", "403 exp is more than 24 hours ahead");
  }

  /** Posts an encrypted push with the given Authorization, bypassing the client. */
  private static int post(PushSubscription subscription, String authorization) {
    byte[] body = PushEncryption.encrypt(approvalJson(), subscription);
    return Await.result(
            http.postAbs(subscription.endpoint())
                .putHeader("Content-Encoding", "aes128gcm")
                .putHeader("TTL", "60")
                .putHeader("Authorization", authorization)
                .sendBuffer(Buffer.buffer(body)))
        .statusCode();
  }

  @Test
  void authorization_namesTheLocalServicesOrigin() {
    PushSubscription subscription = pushService.subscribe(keys.publicKeyBase64Url());

    String header = keys.authorization(URI.create(subscription.endpoint()), SUBJECT, Instant.now());

    assertThat(VapidVerifier.verify(header).aud()).isEqualTo(pushService.origin());
  }
}
