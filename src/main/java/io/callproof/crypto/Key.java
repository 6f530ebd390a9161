package io.callproof.crypto;

import java.util.Arrays;
import java.util.Base64;

/**
 * A secret key with the id it is known by, so that stored values say which key made them and keys
 * can be rotated. Written as {@code id:base64}, as in the environment and secrets file.
 */
public final class Key {

  private final String id;
  private final byte[] bytes;

  public Key(String id, byte[] bytes) {
    if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
      throw new IllegalArgumentException("a key id is 1 to 32 letters, digits, '-' or '_'");
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException("a key is 32 bytes, got " + bytes.length);
    }
    this.id = id;
    this.bytes = bytes.clone();
  }

  /**
   * Parses {@code id:base64}.
   *
   * @throws IllegalArgumentException saying what is wrong, never echoing the key
   */
  public static Key parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("expected id:base64 of 32 bytes");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text.substring(colon + 1).trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the part after ':' is not base64");
    }
    return new Key(text.substring(0, colon), bytes);
  }

  /** The key written as {@code id:base64}. */
  public String format() {
    return id + ":" + Base64.getEncoder().encodeToString(bytes);
  }

  public String id() {
    return id;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "Key[" + id + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && k.id.equals(id) && Arrays.equals(k.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }
}
