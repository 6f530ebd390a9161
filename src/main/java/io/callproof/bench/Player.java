package io.callproof.bench;

import io.vertx.core.Future;

/** Plays one call over some line, as that line's carrier would, and says how it ended. */
interface Player {

  /**
   * Plays a call from {@code mobile}, timing each of its turns into {@code stats}.
   *
   * @return succeeds when the call reached a technician verified; fails with a {@link CallFailure}
   *     otherwise
   */
  Future<Void> play(String mobile, PhaseStats stats);
}
