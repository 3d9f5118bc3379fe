package dev.kafkaeventing.bench;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one subscriber path received in one phase: deliveries, distinct event ids, duplicates,
 * publish-to-delivery latency and the time of the last delivery. Only events sent at or after the
 * phase start count, so stragglers of an earlier phase do not.
 *
 * <p>Thread-safe: the subscriber's event loops record, the scenario reads.
 */
final class DeliveryTally {

  private final long phaseStartNanos;
  private final long firstId;
  private final boolean trackIds;
  private final LongAdder deliveries = new LongAdder();
  private final LatencyHistogram latency = new LatencyHistogram();
  private final AtomicLong firstDelivery = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastDelivery = new AtomicLong(Long.MIN_VALUE);
  private final BitSet seen = new BitSet();
  private long distinct;
  private long duplicates;

  /**
   * @param phaseStartNanos events sent earlier are ignored
   * @param firstId the smallest event id of the phase (ids are tracked relative to it)
   * @param trackIds whether to count distinct ids and duplicates (not for a tally over several
   *     paths, where one event arrives once per path)
   */
  DeliveryTally(long phaseStartNanos, long firstId, boolean trackIds) {
    this.phaseStartNanos = phaseStartNanos;
    this.firstId = firstId;
    this.trackIds = trackIds;
  }

  /** Records one delivery of event {@code id} sent at {@code sentNanos}, received at {@code nowNanos}. */
  void record(long id, long sentNanos, long nowNanos) {
    if (sentNanos < phaseStartNanos) {
      return;
    }
    deliveries.increment();
    latency.recordNanos(nowNanos - sentNanos);
    firstDelivery.accumulateAndGet(nowNanos, Math::min);
    lastDelivery.accumulateAndGet(nowNanos, Math::max);
    long offset = id - firstId;
    if (trackIds && offset >= 0 && offset <= Integer.MAX_VALUE) {
      synchronized (seen) {
        if (seen.get((int) offset)) {
          duplicates++;
        } else {
          seen.set((int) offset);
          distinct++;
        }
      }
    }
  }

  long phaseStartNanos() {
    return phaseStartNanos;
  }

  long deliveries() {
    return deliveries.sum();
  }

  long distinct() {
    synchronized (seen) {
      return distinct;
    }
  }

  long duplicates() {
    synchronized (seen) {
      return duplicates;
    }
  }

  /** {@link Long#MIN_VALUE} before the first delivery. */
  long lastDeliveryNanos() {
    return lastDelivery.get();
  }

  /** {@link Long#MAX_VALUE} before the first delivery. */
  long firstDeliveryNanos() {
    return firstDelivery.get();
  }

  LatencySummary latency() {
    return latency.summary();
  }
}
