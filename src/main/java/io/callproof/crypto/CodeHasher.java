package io.callproof.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps one-time codes only as keyed hashes: HMAC-SHA256 under the installation's code key over
 * {@code tenant|verification|code}, so that a hash is worthless for any other verification and a
 * stolen database cannot be searched for six-digit codes without the key.
 */
public final class CodeHasher {

  private final Key key;

  public CodeHasher(Key key) {
    this.key = key;
  }

  /** The id of the key hashes are made with now, stored beside each hash. */
  public String keyId() {
    return key.id();
  }

  /** The hash of {@code code} for one verification. */
  public byte[] hash(String tenantId, String verificationId, String code) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
      String message = tenantId + "|" + verificationId + "|" + code;
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /** Whether {@code entered} hashes to {@code stored}, compared in constant time. */
  public boolean matches(String tenantId, String verificationId, String entered, byte[] stored) {
    return MessageDigest.isEqual(hash(tenantId, verificationId, entered), stored);
  }
}
