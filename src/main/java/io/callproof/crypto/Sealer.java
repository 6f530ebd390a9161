package io.callproof.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts values kept in the database (tenants' provider credentials, queued message texts) under
 * the installation key, with AES-256-GCM. A sealed value is {@code [id length][key id] [12-byte
 * nonce][ciphertext and tag]}; the context (such as {@code twilio-auth-token:acme}) is bound as
 * associated data, so a value copied to another row does not open.
 */
public final class Sealer {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final Key current;
  private final Map<String, Key> byId;

  /**
   * @param current the key new values are sealed with
   * @param older keys that earlier values may have been sealed with
   */
  public Sealer(Key current, Key... older) {
    this.current = current;
    this.byId =
        Stream.concat(Stream.of(current), Stream.of(older))
            .collect(Collectors.toMap(Key::id, Function.identity(), (a, b) -> a));
  }

  /** Seals {@code plain} for {@code context}. */
  public byte[] seal(String plain, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] id = current.id().getBytes(StandardCharsets.US_ASCII);
    byte[] sealed =
        cipher(Cipher.ENCRYPT_MODE, current, nonce, context)
            .apply(plain.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.allocate(1 + id.length + NONCE_BYTES + sealed.length)
        .put((byte) id.length)
        .put(id)
        .put(nonce)
        .put(sealed)
        .array();
  }

  /**
   * Opens a value sealed for {@code context}.
   *
   * @throws IllegalArgumentException when the value was altered, sealed for another context, or
   *     sealed with a key this installation does not have
   */
  public String open(byte[] value, String context) {
    ByteBuffer in = ByteBuffer.wrap(value);
    byte[] id = new byte[in.get()];
    in.get(id);
    Key key = byId.get(new String(id, StandardCharsets.US_ASCII));
    if (key == null) {
      throw new IllegalArgumentException(
          "sealed with an unknown key; is the installation key set?");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(nonce);
    byte[] sealed = new byte[in.remaining()];
    in.get(sealed);
    return new String(
        cipher(Cipher.DECRYPT_MODE, key, nonce, context).apply(sealed), StandardCharsets.UTF_8);
  }

  private static Function<byte[], byte[]> cipher(int mode, Key key, byte[] nonce, String context) {
    return input -> {
      try {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
            mode, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(input);
      } catch (javax.crypto.AEADBadTagException e) {
        throw new IllegalArgumentException("sealed value does not open for " + context);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM is not available", e);
      }
    };
  }
}
