package io.callproof.directory;

import java.util.Optional;

/**
 * Who the calling number says the caller is. Only a number registered to exactly one contact names
 * a caller; a withheld, unknown or shared number names nobody.
 *
 * @param result how the lookup ended
 * @param caller the one contact the number belongs to, for {@link Result#CONTACT}
 */
public record Identification(Result result, Optional<Caller> caller) {

  /** How a lookup ended; the names are the identify step's outcomes. */
  public enum Result {
    CONTACT("contact"),
    UNKNOWN("unknown"),
    WITHHELD("withheld"),
    SHARED("shared");

    private final String outcome;

    Result(String outcome) {
      this.outcome = outcome;
    }

    /** The flow outcome of this result. */
    public String outcome() {
      return outcome;
    }
  }

  static Identification of(Result result) {
    return new Identification(result, Optional.empty());
  }
}
