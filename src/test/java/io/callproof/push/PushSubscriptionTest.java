package io.callproof.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A subscription is checked when it arrives, with errors that say which part is wrong. */
class PushSubscriptionTest {

  private static final String ENDPOINT =
      "https://fcm.googleapis.com/fcm/send/dVQtjLAOY2k:APA91bGsecretpart";
  private static final String P256DH =
      P256.base64Url(P256.raw((ECPublicKey) P256.generate().getPublic()));
  private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";

  @Test
  void fromJson_ofABrowsersToJson_keepsEndpointAndKeys() {
    JsonObject json =
        new JsonObject()
            .put("endpoint", ENDPOINT)
            .putNull("expirationTime")
            .put("keys", new JsonObject().put("p256dh", P256DH).put("auth", AUTH));

    PushSubscription subscription = PushSubscription.fromJson(json);

    assertThat(subscription).isEqualTo(new PushSubscription(ENDPOINT, P256DH, AUTH));
    assertThat(PushSubscription.fromJson(subscription.toJson())).isEqualTo(subscription);
  }

  @Test
  void endpoint_plainHttp_isAcceptedOnlyForLoopback() {
    assertThat(new PushSubscription("http://127.0.0.1:8080/push/1", P256DH, AUTH)).isNotNull();
    assertThat(new PushSubscription("http://localhost/push/1", P256DH, AUTH)).isNotNull();
    assertThat(new PushSubscription("http://[::1]:9000/push/1", P256DH, AUTH)).isNotNull();

    assertThatThrownBy(() -> new PushSubscription("http://push.example.net/p/1", P256DH, AUTH))
        .hasMessage(
            "endpoint must use https (http only to a loopback address), got"
                + " http://push.example.net");
    assertThatThrownBy(() -> new PushSubscription("ftp://127.0.0.1/p/1", P256DH, AUTH))
        .hasMessageStartingWith("endpoint must use https");
    assertThatThrownBy(() -> new PushSubscription("/push/1", P256DH, AUTH))
        .hasMessage("endpoint must be an absolute URL with a host");
  }

  @Test
  void fromJson_withPartsMissing_namesTheMissingPart() {
    assertThatThrownBy(() -> PushSubscription.fromJson(new JsonObject()))
        .hasMessage("endpoint is missing");
    assertThatThrownBy(() -> PushSubscription.fromJson(new JsonObject().put("endpoint", ENDPOINT)))
        .hasMessage("keys.p256dh is missing");
  }

  @Test
  void p256dh_thatIsNotAnUncompressedPoint_isRefused() {
    byte[] point = P256.fromBase64Url(P256DH, "p256dh");
    String compressed = P256.base64Url(Arrays.copyOf(point, 33));
    point[64] ^= 1;
    String offCurve = P256.base64Url(point);

    assertThatThrownBy(() -> new PushSubscription(ENDPOINT, compressed, AUTH))
        .hasMessage(
            "keys.p256dh must be an uncompressed P-256 point (65 bytes starting with 0x04), got 33"
                + " bytes");
    assertThatThrownBy(() -> new PushSubscription(ENDPOINT, offCurve, AUTH))
        .hasMessage("keys.p256dh is not a point on the P-256 curve");
    assertThatThrownBy(() -> new PushSubscription(ENDPOINT, "not base64!", AUTH))
        .hasMessage("keys.p256dh is not base64url (RFC 4648 section 5)");
  }

  @Test
  void auth_ofTheWrongLength_isRefused() {
    assertThatThrownBy(() -> new PushSubscription(ENDPOINT, P256DH, "AAECAwQFBgcICQoL"))
        .hasMessage("keys.auth must be base64url of a 16-byte secret, got 12 bytes");
  }

  @Test
  void toString_showsTheOriginOnly() {
    assertThat(new PushSubscription(ENDPOINT, P256DH, AUTH).toString())
        .isEqualTo("PushSubscription[https://fcm.googleapis.com]");
  }
}
