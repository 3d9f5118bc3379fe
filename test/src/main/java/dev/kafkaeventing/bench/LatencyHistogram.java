package dev.kafkaeventing.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts latencies in microsecond buckets: exact below 64 µs, then 64 buckets per power of two
 * (under 1.6% relative error) up to about 25 days. Recording is lock-free; a summary read while
 * others record sees some recent values or not, never a torn count.
 *
 * <p>Thread-safe. One instance per measured phase; never reset.
 */
final class LatencyHistogram {

  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 41;
  private static final long MAX_MICROS = (1L << (MAX_EXPONENT + 1)) - 1;

  private final AtomicLongArray counts = new AtomicLongArray(SUB + (MAX_EXPONENT - SUB_BITS + 1) * SUB);

  /** Records one latency; negative values count as zero. */
  void recordNanos(long nanos) {
    long micros = Math.min(MAX_MICROS, Math.max(0, nanos / 1_000));
    counts.incrementAndGet(index(micros));
  }

  static int index(long micros) {
    if (micros < SUB) {
      return (int) micros;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(micros);
    int shift = exponent - SUB_BITS;
    int sub = (int) (micros >>> shift) & (SUB - 1);
    return SUB + shift * SUB + sub;
  }

  /** The smallest value (µs) that falls into bucket {@code index}. */
  static long lowerBound(int index) {
    if (index < SUB) {
      return index;
    }
    int shift = (index - SUB) / SUB;
    int sub = (index - SUB) % SUB;
    return (long) (SUB + sub) << shift;
  }

  /** The bucket's width in µs. */
  static long width(int index) {
    return index < SUB ? 1 : 1L << ((index - SUB) / SUB);
  }

  /** Count and percentiles of what was recorded so far. */
  LatencySummary summary() {
    long[] snapshot = new long[counts.length()];
    long total = 0;
    for (int i = 0; i < snapshot.length; i++) {
      snapshot[i] = counts.get(i);
      total += snapshot[i];
    }
    if (total == 0) {
      return LatencySummary.EMPTY;
    }
    return new LatencySummary(total, percentile(snapshot, total, 0.50), percentile(snapshot, total, 0.99),
        percentile(snapshot, total, 0.999), percentile(snapshot, total, 1.0));
  }

  /** The value (ms) at quantile {@code q}: the middle of the bucket holding that rank. */
  private static double percentile(long[] snapshot, long total, double q) {
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < snapshot.length; i++) {
      seen += snapshot[i];
      if (seen >= rank) {
        double micros = i < SUB ? i : lowerBound(i) + (width(i) - 1) / 2.0;
        return micros / 1_000.0;
      }
    }
    throw new IllegalStateException("rank beyond total");
  }
}
