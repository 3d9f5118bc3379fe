package dev.kafkaeventing.bench;

/**
 * Latency percentiles of one phase, in milliseconds.
 *
 * @param count how many latencies were recorded
 * @param p50Ms median
 * @param p99Ms 99th percentile
 * @param p999Ms 99.9th percentile
 * @param maxMs largest
 */
record LatencySummary(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

  static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  LatencySummary {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
  }

  boolean isEmpty() {
    return count == 0;
  }
}
