package io.callproof.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One measured stretch of load: a fixed number of callers, each placing calls one after another,
 * through a warm-up, a measuring window and a bounded drain. It never starts more than its call
 * limit, and ends by itself when the drain limit passes, counting the calls still going as
 * failures.
 */
final class Phase {

  /**
   * What to run.
   *
   * @param name how the report names the phase
   * @param callers simultaneous callers
   * @param rampMillis the time over which callers join, one after another, in milliseconds
   * @param warmupMillis time before measuring starts, in milliseconds; at least this long
   * @param settleMaxMillis when above {@code warmupMillis}, the warm-up goes on until the JIT
   *     compilers have settled (see {@link Phase#SETTLED_SHARE}), but no longer than this
   * @param measuredMillis the measuring window, in milliseconds
   * @param maxCalls the most calls the phase starts
   * @param drainMillis how long calls still going may take to end after the window, in milliseconds
   * @param weighMillis how long calls go on after the window, unmeasured, in milliseconds: the heap
   *     is weighed then, so that the full collections it needs pause no measured request
   */
  record Spec(
      String name,
      int callers,
      long rampMillis,
      long warmupMillis,
      long settleMaxMillis,
      long measuredMillis,
      int maxCalls,
      long drainMillis,
      long weighMillis) {}

  /**
   * What the phase observed, with the CPU it used and the wall-clock window it measured.
   *
   * @param warmedMillis how long the warm-up lasted
   * @param jitSettled whether the JIT compilers had settled when the window opened
   * @param inFlightSamples calls in flight, sampled every second of the window
   * @param budgetSpent whether callers stopped early because the mobiles' budget ran out
   */
  record Outcome(
      Spec spec,
      long warmedMillis,
      boolean jitSettled,
      PhaseStats stats,
      CpuMeter.Used cpu,
      Instant windowStart,
      Instant windowEnd,
      List<Integer> inFlightSamples,
      boolean budgetSpent) {}

  private static final Logger log = LoggerFactory.getLogger(Phase.class);

  /**
   * The JIT compilers count as settled when, over the last {@link #SETTLE_SPAN_SECONDS}, they
   * compiled for less than this share of the time. A node in service compiles its hot code once;
   * while it still compiles, the compilers take a large share of a 2-core machine and the figures
   * say more about the warm-up than the service.
   */
  static final double SETTLED_SHARE = 0.05;

  static final int SETTLE_SPAN_SECONDS = 5;

  private final Vertx vertx;
  private final Spec spec;
  private final Player player;
  private final Pauses pauses;
  private final Mobiles mobiles;
  private final Promise<Outcome> done = Promise.promise();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger activeCallers = new AtomicInteger();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<Integer> inFlightSamples = new ArrayList<>();
  private PhaseStats stats;
  private volatile CpuMeter.Reading cpuStart;
  private volatile CpuMeter.Used cpuUsed;
  private volatile Instant windowStart;
  private volatile Instant windowEnd;
  private volatile long warmedMillis;
  private volatile boolean jitSettled;
  private final ArrayDeque<Long> compilerSamples = new ArrayDeque<>();

  /**
   * @param vertx the generator's own Vert.x, with one event loop that every call of the phase runs
   *     on
   * @param pauses the same pauses the player uses, released when the window ends
   */
  Phase(Vertx vertx, Spec spec, Player player, Pauses pauses, Mobiles mobiles) {
    this.vertx = vertx;
    this.spec = spec;
    this.player = player;
    this.pauses = pauses;
    this.mobiles = mobiles;
  }

  /** Runs the phase; the future completes when it has ended, with what it observed. */
  Future<Outcome> run() {
    vertx.runOnContext(v -> begin());
    return done.future();
  }

  /** The phase's counters, live while it runs; null before it starts. */
  PhaseStats stats() {
    return stats;
  }

  private void begin() {
    long begun = System.nanoTime();
    stats = new PhaseStats();
    vertx.setTimer(Math.max(1, spec.warmupMillis()), id -> warmedUp(begun));
    activeCallers.set(spec.callers());
    for (int i = 0; i < spec.callers(); i++) {
      long delay = spec.rampMillis() * i / spec.callers();
      if (delay == 0) {
        nextCall();
      } else {
        vertx.setTimer(delay, id -> nextCall());
      }
    }
  }

  /** The shortest warm-up has passed: open the window now, or once the JIT has settled. */
  private void warmedUp(long begun) {
    if (spec.settleMaxMillis() <= spec.warmupMillis()) {
      openWindow(begun, true);
      return;
    }
    compilerSamples.add(CpuMeter.compilerNanos());
    vertx.setPeriodic(
        1_000,
        id -> {
          if (stopping.get()) {
            vertx.cancelTimer(id);
            return;
          }
          compilerSamples.add(CpuMeter.compilerNanos());
          if (compilerSamples.size() > SETTLE_SPAN_SECONDS + 1) {
            compilerSamples.removeFirst();
          }
          boolean full = compilerSamples.size() == SETTLE_SPAN_SECONDS + 1;
          double share =
              (compilerSamples.getLast() - compilerSamples.getFirst())
                  / ((compilerSamples.size() - 1) * 1e9);
          boolean settled = full && share < SETTLED_SHARE;
          boolean tooLong = (System.nanoTime() - begun) / 1_000_000 >= spec.settleMaxMillis();
          if (settled || tooLong) {
            vertx.cancelTimer(id);
            if (!settled) {
              log.warn(
                  "{}: the JIT still compiled {}% of the time after {} s; measuring anyway",
                  spec.name(), Math.round(share * 100), spec.settleMaxMillis() / 1000);
            }
            openWindow(begun, settled);
          }
        });
  }

  private void openWindow(long begun, boolean settled) {
    if (stopping.get()) {
      return;
    }
    long now = System.nanoTime();
    warmedMillis = (now - begun) / 1_000_000;
    jitSettled = settled;
    log.info("{}: measuring after {} s of warm-up", spec.name(), warmedMillis / 1000);
    stats.openWindow(now, now + spec.measuredMillis() * 1_000_000);
    vertx.setTimer(spec.measuredMillis(), id -> closeWindow());
    cpuStart = CpuMeter.read();
    windowStart = Instant.now();
    vertx.setPeriodic(
        1_000,
        id -> {
          if (stopping.get()) {
            vertx.cancelTimer(id);
          } else {
            inFlightSamples.add(stats.inFlight());
          }
        });
  }

  private void closeWindow() {
    if (done.future().isComplete()) {
      return;
    }
    cpuUsed = CpuMeter.read().since(cpuStart);
    windowEnd = Instant.now();
    if (spec.weighMillis() > 0) {
      vertx.setTimer(spec.weighMillis(), id -> release());
    } else {
      release();
    }
  }

  /** Ends the phase's calls: no new call starts, and paused callers go on at once. */
  private void release() {
    if (done.future().isComplete()) {
      return;
    }
    stopping.set(true);
    pauses.releaseAll();
    log.info("{}: window closed, {} calls still going", spec.name(), stats.inFlight());
    vertx.setTimer(Math.max(1, spec.drainMillis()), id -> finish());
  }

  /** One caller's loop: place a call, and when it ends, the next, until the phase stops. */
  private void nextCall() {
    if (stopping.get() || started.incrementAndGet() > spec.maxCalls()) {
      callerLeft();
      return;
    }
    String mobile = mobiles.next().orElse(null);
    if (mobile == null) {
      callerLeft();
      return;
    }
    stats.callStarted();
    player
        .play(mobile, stats)
        .onComplete(
            r -> {
              if (r.succeeded()) {
                stats.callCompleted();
              } else {
                stats.callFailed(CallFailure.kindOf(r.cause()));
              }
              nextCall();
            });
  }

  private void callerLeft() {
    if (activeCallers.decrementAndGet() == 0) {
      vertx.runOnContext(v -> finish());
    }
  }

  private void finish() {
    if (done.future().isComplete()) {
      return;
    }
    for (int i = stats.inFlight(); i > 0; i--) {
      stats.failure("still going at the drain limit");
    }
    if (windowEnd == null) {
      closeWindowEarly();
    }
    done.complete(
        new Outcome(
            spec,
            warmedMillis,
            jitSettled,
            stats,
            cpuUsed,
            windowStart,
            windowEnd,
            List.copyOf(inFlightSamples),
            mobiles.spent()));
  }

  /** Every caller left before the window ended: the call limit or the budget ran out. */
  private void closeWindowEarly() {
    stopping.set(true);
    if (windowStart == null) {
      // The window never opened: it counts nothing, over the length it was to have.
      long now = System.nanoTime();
      stats.openWindow(now, now + spec.measuredMillis() * 1_000_000);
    }
    cpuUsed = cpuStart == null ? new CpuMeter.Used(0, 0, 0, 0) : CpuMeter.read().since(cpuStart);
    windowStart = windowStart == null ? Instant.now() : windowStart;
    windowEnd = Instant.now();
    log.warn(
        "{}: callers ran out of calls before the window ended; rates are understated"
            + " (raise --calls or --contacts)",
        spec.name());
  }
}
