package io.callproof.push;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;

/**
 * The installation's application server key pair for Web Push (VAPID, RFC 8292): an ECDSA P-256 key
 * whose public half browsers bind each subscription to, and which signs a token on every push so
 * that the push service knows the sender.
 *
 * <p>Keys are kept as base64url of their raw forms, as the Web Push world writes them: the public
 * key is the 65-byte uncompressed point (the {@code applicationServerKey} the enrolment page passes
 * to {@code pushManager.subscribe}), the private key the 32-byte scalar. Every node of an
 * installation must use the same pair, or pushes to subscriptions made through another node are
 * refused.
 */
public final class VapidKeys {

  /** How long a token is valid; RFC 8292 allows at most 24 hours. */
  static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

  private static final String HEADER = "{\"typ\":\"JWT\",\"alg\":\"ES256\"}";

  /** ECDSA over SHA-256 whose signatures are the raw {@code r || s} that JOSE uses. */
  private static final String JOSE_ES256 = "SHA256withECDSAinP1363Format";

  private static final String PROBE = "vapid key pair check";

  private final ECPublicKey publicKey;
  private final ECPrivateKey privateKey;

  private VapidKeys(ECPublicKey publicKey, ECPrivateKey privateKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  /** A new random key pair, made once per installation. */
  public static VapidKeys generate() {
    KeyPair pair = P256.generate();
    return new VapidKeys((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
  }

  /**
   * The key pair stored as base64url of its raw keys.
   *
   * @param publicKey base64url of the 65-byte uncompressed public point
   * @param privateKey base64url of the 32-byte private scalar
   * @throws IllegalArgumentException when either is malformed or the two do not belong together;
   *     the message never contains the keys
   */
  public static VapidKeys fromBase64Url(String publicKey, String privateKey) {
    VapidKeys keys =
        new VapidKeys(
            P256.publicKey(P256.fromBase64Url(publicKey, "VAPID public key"), "VAPID public key"),
            P256.privateKey(
                P256.fromBase64Url(privateKey, "VAPID private key"), "VAPID private key"));
    if (!keys.belongTogether()) {
      throw new IllegalArgumentException(
          "the VAPID public key does not belong to the VAPID private key; store both halves of"
              + " one generated pair");
    }
    return keys;
  }

  /** Base64url of the uncompressed public point: the browser's {@code applicationServerKey}. */
  public String publicKeyBase64Url() {
    return P256.base64Url(P256.raw(publicKey));
  }

  /** Base64url of the private scalar, for storing as a secret. */
  public String privateKeyBase64Url() {
    return P256.base64Url(P256.raw(privateKey));
  }

  /**
   * The {@code Authorization} header for a push to {@code endpoint}: {@code vapid t=<JWT>,
   * k=<public key>}, with a token for the endpoint's origin that expires 12 hours after {@code
   * now}.
   *
   * @param subject who the push service may contact about this sender: {@code mailto:} or {@code
   *     https:}
   * @throws IllegalArgumentException when the subject is neither
   */
  public String authorization(URI endpoint, String subject, Instant now) {
    requireSubject(subject);
    String token = token(origin(endpoint), subject, now.plus(TOKEN_LIFETIME));
    return "vapid t=" + token + ", k=" + publicKeyBase64Url();
  }

  /** A signed ES256 JWT with the claims {@code aud}, {@code exp} and {@code sub}. */
  String token(String audience, String subject, Instant expires) {
    JsonObject claims =
        new JsonObject()
            .put("aud", audience)
            .put("exp", expires.getEpochSecond())
            .put("sub", subject);
    String signingInput = segment(HEADER) + "." + segment(claims.encode());
    return signingInput + "." + P256.base64Url(sign(signingInput));
  }

  /**
   * Checks a configured subject.
   *
   * @throws IllegalArgumentException saying what is expected
   */
  static void requireSubject(String subject) {
    if (subject == null || !subject.matches("(mailto:|https://).+")) {
      throw new IllegalArgumentException(
          "the VAPID subject must be a contact for the push service, mailto:address or"
              + " https://url, got '"
              + subject
              + "'");
    }
  }

  /** {@code scheme://host[:port]}, the audience a push service expects (RFC 8292 section 2). */
  static String origin(URI endpoint) {
    int port = endpoint.getPort();
    boolean defaultPort =
        port == -1
            || "https".equals(endpoint.getScheme()) && port == 443
            || "http".equals(endpoint.getScheme()) && port == 80;
    return endpoint.getScheme() + "://" + endpoint.getHost() + (defaultPort ? "" : ":" + port);
  }

  /** JOSE form: the raw {@code r || s}, 64 bytes, rather than DER. */
  private byte[] sign(String signingInput) {
    try {
      Signature signature = Signature.getInstance(JOSE_ES256);
      signature.initSign(privateKey);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 is not available in this JDK", e);
    }
  }

  /** Whether a signature by the private key verifies with the public key. */
  private boolean belongTogether() {
    try {
      Signature verifier = Signature.getInstance(JOSE_ES256);
      verifier.initVerify(publicKey);
      verifier.update(PROBE.getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(sign(PROBE));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 is not available in this JDK", e);
    }
  }

  private static String segment(String json) {
    return P256.base64Url(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Never shows the private key. */
  @Override
  public String toString() {
    return "VapidKeys[public=" + publicKeyBase64Url() + "]";
  }
}
