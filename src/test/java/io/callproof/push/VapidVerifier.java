package io.callproof.push;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Checks a VAPID {@code Authorization} header the way a push service does (RFC 8292 section 4),
 * independently of how {@link VapidKeys} signs: the JOSE signature is converted to DER and checked
 * with the JDK's plain {@code SHA256withECDSA}.
 */
final class VapidVerifier {

  /** The claims of a token whose signature held, and the key ({@code k=}) that signed it. */
  record Claims(String aud, long exp, String sub, String key) {}

  private VapidVerifier() {}

  /**
   * @throws IllegalArgumentException saying why the header is refused
   */
  static Claims verify(String authorization) {
    if (authorization == null || !authorization.startsWith("vapid ")) {
      throw new IllegalArgumentException("no vapid authorization");
    }
    String token = null;
    String key = null;
    for (String parameter : authorization.substring("vapid ".length()).split(",")) {
      String[] pair = parameter.strip().split("=", 2);
      if (pair.length == 2 && pair[0].equals("t")) {
        token = pair[1];
      } else if (pair.length == 2 && pair[0].equals("k")) {
        key = pair[1];
      }
    }
    if (token == null || key == null) {
      throw new IllegalArgumentException("vapid authorization needs both t= and k=");
    }
    return verify(token, key);
  }

  static Claims verify(String token, String key) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("token is not a JWS in compact form");
    }
    JsonObject header = json(parts[0], "header");
    if (!"ES256".equals(header.getString("alg")) || !"JWT".equals(header.getString("typ"))) {
      throw new IllegalArgumentException("token header must be typ JWT, alg ES256: " + header);
    }
    byte[] signature = P256.fromBase64Url(parts[2], "signature");
    if (signature.length != 64) {
      throw new IllegalArgumentException("ES256 signature must be 64 bytes (r || s)");
    }
    ECPublicKey publicKey = P256.publicKey(P256.fromBase64Url(key, "k"), "k");
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (!verifies(publicKey, signed, der(signature))) {
      throw new IllegalArgumentException("token signature does not verify with k");
    }
    JsonObject claims = json(parts[1], "claims");
    return new Claims(
        claims.getString("aud"), claims.getLong("exp", 0L), claims.getString("sub"), key);
  }

  /** ASN.1 {@code SEQUENCE { INTEGER r, INTEGER s }} from JOSE's fixed-width {@code r || s}. */
  static byte[] der(byte[] jose) {
    byte[] r = integer(Arrays.copyOfRange(jose, 0, 32));
    byte[] s = integer(Arrays.copyOfRange(jose, 32, 64));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.write(r.length + s.length);
    out.writeBytes(r);
    out.writeBytes(s);
    return out.toByteArray();
  }

  private static byte[] integer(byte[] unsigned) {
    byte[] minimal = new BigInteger(1, unsigned).toByteArray();
    byte[] encoded = new byte[minimal.length + 2];
    encoded[0] = 0x02;
    encoded[1] = (byte) minimal.length;
    System.arraycopy(minimal, 0, encoded, 2, minimal.length);
    return encoded;
  }

  private static boolean verifies(ECPublicKey key, byte[] signed, byte[] der) {
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(key);
      verifier.update(signed);
      return verifier.verify(der);
    } catch (SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 is not available in this JDK", e);
    }
  }

  private static JsonObject json(String segment, String what) {
    try {
      return new JsonObject(new String(P256.fromBase64Url(segment, what), StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("token " + what + " is not a JSON object");
    }
  }
}
