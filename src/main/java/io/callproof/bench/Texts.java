package io.callproof.bench;

import io.vertx.core.Future;

/** Where a simulated caller reads the code texted to their mobile. */
interface Texts {

  /**
   * A code texted to a mobile.
   *
   * @param code the digits
   * @param arrivedAt {@link System#nanoTime()} when the text reached the phone, or -1 when no text
   *     was sent
   */
  record Text(String code, long arrivedAt) {}

  /**
   * The next text to {@code mobile}; call it before the call that triggers the text rings.
   *
   * @param mobile E.164
   * @return the text, or a failed future with a {@link CallFailure} when none came in time
   */
  Future<Text> expect(String mobile);

  /** Stops waiting for a text to {@code mobile}, as when its call failed. */
  void forget(String mobile);

  /** A phone that knows the code without a text, for endpoints that send none. */
  static Texts constant(String code) {
    return new Texts() {
      @Override
      public Future<Text> expect(String mobile) {
        return Future.succeededFuture(new Text(code, -1));
      }

      @Override
      public void forget(String mobile) {}
    };
  }
}
