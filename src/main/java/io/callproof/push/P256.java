package io.callproof.push;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The NIST P-256 curve in the raw forms Web Push writes its keys in: a public key is the 65-byte
 * uncompressed point {@code 04 || x || y}, a private key the 32-byte big-endian scalar.
 */
final class P256 {

  static final int PUBLIC_KEY_BYTES = 65;
  static final int PRIVATE_KEY_BYTES = 32;
  private static final int COORDINATE_BYTES = 32;
  private static final byte UNCOMPRESSED = 0x04;

  private static final ECParameterSpec PARAMS = parameters();

  private P256() {}

  static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(PARAMS);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JDK", e);
    }
  }

  /**
   * The public key of an uncompressed point.
   *
   * @throws IllegalArgumentException naming {@code what} when the bytes are not a point on P-256
   */
  static ECPublicKey publicKey(byte[] raw, String what) {
    if (raw.length != PUBLIC_KEY_BYTES || raw[0] != UNCOMPRESSED) {
      throw new IllegalArgumentException(
          what
              + " must be an uncompressed P-256 point (65 bytes starting with 0x04), got "
              + raw.length
              + " bytes");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + COORDINATE_BYTES));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(raw, 1 + COORDINATE_BYTES, raw.length));
    if (!onCurve(x, y)) {
      throw new IllegalArgumentException(what + " is not a point on the P-256 curve");
    }
    try {
      return (ECPublicKey)
          KeyFactory.getInstance("EC")
              .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(what + " is not a usable P-256 public key", e);
    }
  }

  /**
   * The private key of a 32-byte scalar.
   *
   * @throws IllegalArgumentException naming {@code what} when the scalar is out of range
   */
  static ECPrivateKey privateKey(byte[] raw, String what) {
    BigInteger s = new BigInteger(1, raw);
    if (raw.length != PRIVATE_KEY_BYTES || s.signum() == 0 || s.compareTo(PARAMS.getOrder()) >= 0) {
      throw new IllegalArgumentException(
          what + " must be a P-256 private key (32 bytes below the curve order)");
    }
    try {
      return (ECPrivateKey)
          KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, PARAMS));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(what + " is not a usable P-256 private key", e);
    }
  }

  static byte[] raw(ECPublicKey key) {
    byte[] raw = new byte[PUBLIC_KEY_BYTES];
    raw[0] = UNCOMPRESSED;
    fixed(key.getW().getAffineX(), raw, 1);
    fixed(key.getW().getAffineY(), raw, 1 + COORDINATE_BYTES);
    return raw;
  }

  static byte[] raw(ECPrivateKey key) {
    byte[] raw = new byte[PRIVATE_KEY_BYTES];
    fixed(key.getS(), raw, 0);
    return raw;
  }

  static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Decodes base64url with or without padding.
   *
   * @throws IllegalArgumentException naming {@code what} when the text is not base64url
   */
  static byte[] fromBase64Url(String text, String what) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    try {
      return Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not base64url (RFC 4648 section 5)");
    }
  }

  private static boolean onCurve(BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) PARAMS.getCurve().getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger a = PARAMS.getCurve().getA();
    BigInteger b = PARAMS.getCurve().getB();
    BigInteger right = x.pow(3).add(a.multiply(x)).add(b).mod(p);
    return y.pow(2).mod(p).equals(right);
  }

  /** Writes {@code value} big-endian into 32 bytes at {@code offset}, dropping a sign byte. */
  private static void fixed(BigInteger value, byte[] into, int offset) {
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, COORDINATE_BYTES);
    System.arraycopy(
        bytes, bytes.length - length, into, offset + COORDINATE_BYTES - length, length);
  }

  private static ECParameterSpec parameters() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JDK", e);
    }
  }
}
