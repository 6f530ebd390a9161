package io.callproof.console;

import java.util.UUID;

/** Record ids as they arrive in paths, query strings, forms and JSON bodies. */
final class Ids {

  private Ids() {}

  /**
   * {@code value} read as a UUID; {@code null} when it is absent, blank or not a UUID, so that a
   * mistyped id is answered as one that does not exist.
   */
  static UUID uuid(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
