package io.callproof.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188): an
 * ephemeral ECDH P-256 key agreed with the device's key, mixed with the device's authentication
 * secret and a random salt through HKDF-SHA256, and one AES-128-GCM record of at most 4096 bytes.
 *
 * <p>The body is {@code salt (16) || record size (4) || key id length (1) || ephemeral public key
 * (65) || ciphertext}, the ciphertext being the payload, the last-record delimiter {@code 0x02} and
 * the 16-byte tag.
 */
public final class PushEncryption {

  /** The record size written in every body; the whole body fits in one record of this size. */
  public static final int RECORD_SIZE = 4096;

  private static final int SALT_BYTES = 16;
  private static final int HEADER_BYTES = SALT_BYTES + 4 + 1 + P256.PUBLIC_KEY_BYTES;
  private static final int TAG_BYTES = 16;
  private static final byte LAST_RECORD = 0x02;
  private static final byte NOT_LAST_RECORD = 0x01;

  /**
   * The largest payload that fits: push services must accept bodies of 4096 bytes (RFC 8291 section
   * 4), from which the header, the delimiter and the tag are taken: 3993 bytes.
   */
  public static final int MAX_PAYLOAD_BYTES = RECORD_SIZE - HEADER_BYTES - 1 - TAG_BYTES;

  private static final byte[] KEY_INFO = ascii("WebPush: info\0");
  private static final byte[] CEK_INFO = ascii("Content-Encoding: aes128gcm\0");
  private static final byte[] NONCE_INFO = ascii("Content-Encoding: nonce\0");
  private static final SecureRandom RANDOM = new SecureRandom();

  private PushEncryption() {}

  /**
   * Encrypts {@code payload} for the device behind {@code subscription}, with a fresh ephemeral key
   * and salt.
   *
   * @throws IllegalArgumentException when the payload is longer than {@link #MAX_PAYLOAD_BYTES}
   */
  public static byte[] encrypt(byte[] payload, PushSubscription subscription) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return encrypt(
        payload, subscription.publicKey(), subscription.authSecret(), P256.generate(), salt);
  }

  /** Encrypts with a given ephemeral key pair and salt: known-answer tests only. */
  static byte[] encrypt(
      byte[] payload, byte[] deviceKey, byte[] authSecret, KeyPair ephemeral, byte[] salt) {
    requireFits(payload.length);
    byte[] senderKey = P256.raw((ECPublicKey) ephemeral.getPublic());
    byte[] secret =
        agree((ECPrivateKey) ephemeral.getPrivate(), P256.publicKey(deviceKey, "keys.p256dh"));
    Keys keys = Keys.derive(secret, authSecret, deviceKey, senderKey, salt);

    byte[] record = Arrays.copyOf(payload, payload.length + 1);
    record[payload.length] = LAST_RECORD;
    byte[] ciphertext = keys.cipher(Cipher.ENCRYPT_MODE, record);

    return ByteBuffer.allocate(HEADER_BYTES + ciphertext.length)
        .put(salt)
        .putInt(RECORD_SIZE)
        .put((byte) senderKey.length)
        .put(senderKey)
        .put(ciphertext)
        .array();
  }

  /**
   * Decrypts a body as the device does, for local push services and tests.
   *
   * @param device the device's key pair (the one {@code p256dh} names)
   * @param authSecret the device's 16-byte authentication secret
   * @throws IllegalArgumentException when the body is malformed, spans several records, or does not
   *     decrypt under these keys
   */
  public static byte[] decrypt(byte[] body, KeyPair device, byte[] authSecret) {
    if (body.length < HEADER_BYTES + TAG_BYTES + 1) {
      throw new IllegalArgumentException(
          "aes128gcm body of " + body.length + " bytes is shorter than header, delimiter and tag");
    }
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[SALT_BYTES];
    in.get(salt);
    int recordSize = in.getInt();
    byte[] senderKey = new byte[Byte.toUnsignedInt(in.get())];
    if (senderKey.length != P256.PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException(
          "aes128gcm key id must be a 65-byte P-256 point, got " + senderKey.length + " bytes");
    }
    in.get(senderKey);
    byte[] ciphertext = new byte[in.remaining()];
    in.get(ciphertext);
    if (ciphertext.length > recordSize) {
      throw new IllegalArgumentException(
          "aes128gcm body spans several records; only single-record messages are supported");
    }

    byte[] deviceKey = P256.raw((ECPublicKey) device.getPublic());
    byte[] secret =
        agree((ECPrivateKey) device.getPrivate(), P256.publicKey(senderKey, "aes128gcm key id"));
    Keys keys = Keys.derive(secret, authSecret, deviceKey, senderKey, salt);
    return unpad(keys.cipher(Cipher.DECRYPT_MODE, ciphertext));
  }

  /**
   * Checks a payload's length before anything is encrypted or sent.
   *
   * @throws IllegalArgumentException saying the length and the limit
   */
  static void requireFits(int payloadBytes) {
    if (payloadBytes > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "push payload is "
              + payloadBytes
              + " bytes; at most "
              + MAX_PAYLOAD_BYTES
              + " fit in one aes128gcm record of "
              + RECORD_SIZE
              + " bytes");
    }
  }

  /** Drops the padding: zeros after the delimiter, which must say "last record". */
  private static byte[] unpad(byte[] record) {
    int end = record.length - 1;
    while (end >= 0 && record[end] == 0) {
      end--;
    }
    if (end < 0 || record[end] == NOT_LAST_RECORD) {
      throw new IllegalArgumentException("aes128gcm record has no last-record delimiter");
    }
    if (record[end] != LAST_RECORD) {
      throw new IllegalArgumentException("aes128gcm record padding is malformed");
    }
    return Arrays.copyOf(record, end);
  }

  private static byte[] agree(ECPrivateKey own, ECPublicKey peer) {
    try {
      KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
      agreement.init(own);
      agreement.doPhase(peer, true);
      return agreement.generateSecret();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("ECDH with the peer's P-256 key failed", e);
    }
  }

  /** The content-encryption key and nonce of one message (RFC 8291 section 3.4). */
  private record Keys(byte[] cek, byte[] nonce) {

    static Keys derive(
        byte[] ecdhSecret, byte[] authSecret, byte[] deviceKey, byte[] senderKey, byte[] salt) {
      byte[] keyInfo =
          ByteBuffer.allocate(KEY_INFO.length + deviceKey.length + senderKey.length)
              .put(KEY_INFO)
              .put(deviceKey)
              .put(senderKey)
              .array();
      byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
      return new Keys(hkdf(salt, ikm, CEK_INFO, 16), hkdf(salt, ikm, NONCE_INFO, 12));
    }

    /** One record at sequence number 0, whose nonce is the derived nonce itself. */
    byte[] cipher(int mode, byte[] input) {
      try {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
            mode, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        return cipher.doFinal(input);
      } catch (AEADBadTagException e) {
        throw new IllegalArgumentException(
            "aes128gcm record does not decrypt: other keys, or an altered body");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM is not available in this JDK", e);
      }
    }
  }

  /** HKDF-SHA256 (RFC 5869) for outputs of at most one hash length, all this scheme needs. */
  private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
    byte[] prk = hmac(salt, ikm);
    byte[] block = Arrays.copyOf(info, info.length + 1);
    block[info.length] = 0x01;
    return Arrays.copyOf(hmac(prk, block), length);
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
