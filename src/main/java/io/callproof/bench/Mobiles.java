package io.callproof.bench;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the callers' mobiles in turn, so that one mobile comes back only after every other has
 * called once, and stops at a budget: the service texts a contact at most 5 codes in 10 minutes, so
 * a run may place at most 5 calls per contact before calls start failing for a reason that is not
 * load.
 */
final class Mobiles {

  private final List<String> numbers;
  private final long budget;
  private final AtomicLong issued = new AtomicLong();

  /**
   * @param budget how many calls may be placed in all, across phases
   */
  Mobiles(List<String> numbers, long budget) {
    this.numbers = numbers;
    this.budget = budget;
  }

  /** The next caller's mobile, or empty once the budget is spent. */
  Optional<String> next() {
    long n = issued.getAndIncrement();
    return n < budget ? Optional.of(numbers.get((int) (n % numbers.size()))) : Optional.empty();
  }

  /** Every mobile, in the order they are handed out. */
  List<String> all() {
    return numbers;
  }

  boolean spent() {
    return issued.get() >= budget;
  }
}
