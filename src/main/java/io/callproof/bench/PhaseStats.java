package io.callproof.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one phase observed. Only what happens inside the measuring window counts towards rates and
 * latencies: a webhook is timed when it was sent inside the window, and a call or webhook counts
 * towards a rate when it finished inside it. Failures count wherever they happen, warm-up and
 * draining included, since any failure is a finding.
 */
final class PhaseStats {

  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;
  private final Latencies webhooks = new Latencies();
  private final Latencies textDelays = new Latencies();
  private final Latencies connectionWaits = new Latencies();
  private final LongAdder webhooksInWindow = new LongAdder();
  private final LongAdder callsInWindow = new LongAdder();
  private final LongAdder callsStarted = new LongAdder();
  private final LongAdder callsCompleted = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

  /**
   * Opens the measuring window; nothing counts towards rates and latencies before.
   *
   * @param start {@link System#nanoTime()} when measuring starts
   * @param end {@link System#nanoTime()} when measuring ends
   */
  void openWindow(long start, long end) {
    windowEnd = end;
    windowStart = start;
  }

  boolean inWindow(long nanos) {
    return nanos >= windowStart && nanos < windowEnd;
  }

  /** Records a webhook that got an answer, sent at {@code sentAt} and answered now. */
  void webhook(long sentAt) {
    long now = System.nanoTime();
    if (inWindow(sentAt)) {
      webhooks.record(now - sentAt);
    }
    if (inWindow(now)) {
      webhooksInWindow.increment();
    }
  }

  /** Records how long a webhook waited for a free connection before it was sent. */
  void connectionWait(long queuedAt, long sentAt) {
    if (inWindow(queuedAt)) {
      connectionWaits.record(sentAt - queuedAt);
    }
  }

  /**
   * Records how long a code took to arrive by text after the call was answered. A text can overtake
   * the answer that announced it (the service sends it once the answer is written), so the delay is
   * at least 0; a negative {@code arrivedAt} means no text was sent.
   */
  void textDelay(long answeredAt, long arrivedAt) {
    if (arrivedAt >= 0 && inWindow(answeredAt)) {
      textDelays.record(Math.max(0, arrivedAt - answeredAt));
    }
  }

  void callStarted() {
    callsStarted.increment();
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
  }

  void callCompleted() {
    inFlight.decrementAndGet();
    callsCompleted.increment();
    if (inWindow(System.nanoTime())) {
      callsInWindow.increment();
    }
  }

  void callFailed(String kind) {
    inFlight.decrementAndGet();
    failure(kind);
  }

  /** Counts a failure under its kind. */
  void failure(String kind) {
    failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /** Calls started and not yet ended. */
  int inFlight() {
    return inFlight.get();
  }

  int mostInFlight() {
    return mostInFlight.get();
  }

  long callsStarted() {
    return callsStarted.sum();
  }

  long callsCompleted() {
    return callsCompleted.sum();
  }

  long callsInWindow() {
    return callsInWindow.sum();
  }

  long webhooksInWindow() {
    return webhooksInWindow.sum();
  }

  Latencies.Summary webhookLatency() {
    return webhooks.summary();
  }

  Latencies.Summary connectionWait() {
    return connectionWaits.summary();
  }

  Latencies.Summary textDelay() {
    return textDelays.summary();
  }

  /** Failures by kind, in name order. */
  Map<String, Long> failures() {
    Map<String, Long> counts = new TreeMap<>();
    failures.forEach((k, v) -> counts.put(k, v.sum()));
    return counts;
  }

  long failureCount() {
    return failures.values().stream().mapToLong(LongAdder::sum).sum();
  }

  double windowSeconds() {
    return windowStart == Long.MAX_VALUE ? 0 : (windowEnd - windowStart) / 1e9;
  }
}
