package io.callproof.bench;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * Durations recorded one by one, in microseconds, summarised as percentiles. Every sample is kept
 * (a 20-second phase records some hundred thousand), so that the percentiles are exact.
 */
final class Latencies {

  /** The percentiles of a set of durations, in milliseconds; all zero when nothing was recorded. */
  record Summary(long count, double p50, double p90, double p99, double max) {

    JsonObject toJson() {
      return new JsonObject()
          .put("count", count)
          .put("p50_ms", p50)
          .put("p90_ms", p90)
          .put("p99_ms", p99)
          .put("max_ms", max);
    }
  }

  private long[] micros = new long[4096];
  private int size;

  /** Records one duration given in nanoseconds. */
  synchronized void record(long nanos) {
    if (size == micros.length) {
      micros = Arrays.copyOf(micros, size * 2);
    }
    micros[size++] = nanos / 1_000;
  }

  synchronized Summary summary() {
    if (size == 0) {
      return new Summary(0, 0, 0, 0, 0);
    }
    long[] sorted = Arrays.copyOf(micros, size);
    Arrays.sort(sorted);
    return new Summary(
        size,
        millis(at(sorted, 0.50)),
        millis(at(sorted, 0.90)),
        millis(at(sorted, 0.99)),
        millis(sorted[size - 1]));
  }

  /** The nearest-rank percentile. */
  private static long at(long[] sorted, double fraction) {
    int rank = (int) Math.ceil(fraction * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double millis(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
