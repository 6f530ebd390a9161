package io.callproof.push;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Where and how to push to one enrolled device, as the browser's {@code PushSubscription.toJSON()}
 * gives it. Construction checks every part, so that a subscription that exists can be encrypted for
 * and sent to.
 *
 * @param endpoint the push service URL the browser was given: {@code https}, or {@code http} to a
 *     loopback address (local push services in tests)
 * @param p256dh base64url of the device's 65-byte uncompressed P-256 public key
 * @param auth base64url of the device's 16-byte authentication secret
 */
public record PushSubscription(String endpoint, String p256dh, String auth) {

  static final int AUTH_SECRET_BYTES = 16;

  /**
   * @throws IllegalArgumentException saying which part is wrong and what is expected; the message
   *     never contains the endpoint's path or the keys
   */
  public PushSubscription {
    endpointUri(endpoint);
    P256.publicKey(P256.fromBase64Url(p256dh, "keys.p256dh"), "keys.p256dh");
    byte[] secret = P256.fromBase64Url(auth, "keys.auth");
    if (secret.length != AUTH_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "keys.auth must be base64url of a 16-byte secret, got " + secret.length + " bytes");
    }
  }

  /**
   * Reads the JSON a browser's {@code PushSubscription.toJSON()} produces: {@code {"endpoint": ...,
   * "expirationTime": ..., "keys": {"p256dh": ..., "auth": ...}}}.
   *
   * @throws IllegalArgumentException when a part is missing or wrong
   */
  public static PushSubscription fromJson(JsonObject json) {
    JsonObject keys = json.getValue("keys") instanceof JsonObject k ? k : new JsonObject();
    return new PushSubscription(text(json, "endpoint"), text(keys, "p256dh"), text(keys, "auth"));
  }

  /** The same shape as {@link #fromJson}, without {@code expirationTime}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("endpoint", endpoint)
        .put("keys", new JsonObject().put("p256dh", p256dh).put("auth", auth));
  }

  URI endpointUri() {
    return endpointUri(endpoint);
  }

  byte[] publicKey() {
    return P256.fromBase64Url(p256dh, "keys.p256dh");
  }

  byte[] authSecret() {
    return P256.fromBase64Url(auth, "keys.auth");
  }

  private static URI endpointUri(String endpoint) {
    if (endpoint == null || endpoint.isEmpty()) {
      throw new IllegalArgumentException("endpoint is missing");
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("endpoint is not a URL: " + e.getReason());
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("endpoint must be an absolute URL with a host");
    }
    if ("https".equals(uri.getScheme())) {
      return uri;
    }
    if ("http".equals(uri.getScheme()) && loopback(uri.getHost())) {
      return uri;
    }
    throw new IllegalArgumentException(
        "endpoint must use https (http only to a loopback address), got "
            + uri.getScheme()
            + "://"
            + uri.getHost());
  }

  /** Only literal addresses and localhost: no name is looked up. */
  private static boolean loopback(String host) {
    if ("localhost".equals(host)) {
      return true;
    }
    if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+]")) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String text(JsonObject json, String key) {
    return json.getValue(key) instanceof String s ? s : null;
  }

  /** Shows the endpoint's origin only: the path identifies the device. */
  @Override
  public String toString() {
    URI uri = endpointUri();
    return "PushSubscription[" + VapidKeys.origin(uri) + "]";
  }
}
