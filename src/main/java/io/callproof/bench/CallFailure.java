package io.callproof.bench;

/**
 * Why a simulated call did not end with a verified badge at a technician. The kind is a short fixed
 * phrase (such as {@code http-500 at /twilio/voice/turn} or {@code badge caller-id}) under which
 * the report counts failures; it never holds a code or a phone number.
 */
final class CallFailure extends RuntimeException {

  private final String kind;

  CallFailure(String kind) {
    super(kind, null, false, false);
    this.kind = kind;
  }

  /** The failure's kind, as the report counts it. */
  String kind() {
    return kind;
  }

  /** The kind of any failure: its own for a {@code CallFailure}, the exception's class else. */
  static String kindOf(Throwable e) {
    return e instanceof CallFailure f ? f.kind() : e.getClass().getSimpleName();
  }
}
