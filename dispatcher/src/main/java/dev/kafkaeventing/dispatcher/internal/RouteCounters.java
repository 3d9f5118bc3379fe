package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.dispatcher.RouteStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivery counters of one route uid on this instance. Kept apart from {@link RouteRuntime} so
 * that entries queued before their route is known (after a restart) are counted too.
 * Thread-safe.
 */
final class RouteCounters {

  private final LongAdder delivered = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder parked = new LongAdder();
  private final LongAdder pending = new LongAdder();

  void queued() {
    pending.increment();
  }

  /** Entries no longer served by this instance (task moved away, route deleted). */
  void forgotten(int entries) {
    pending.add(-entries);
  }

  /**
   * A retry of the subscriber starts. Counted as it happens, not when the delivery ends: with
   * Knative's default policy (10 retries, exponential from 0.2 s) one delivery runs for minutes.
   */
  void retried() {
    retried.increment();
  }

  /** Delivered or dead-lettered. */
  void settled(DeliveryOutcome outcome) {
    pending.decrement();
    if (outcome.result() == DeliveryOutcome.Result.DEAD_LETTERED) {
      deadLettered.increment();
    } else {
      delivered.increment();
    }
  }

  /** Retries and dead letter sink exhausted: the event is now parked. */
  void parked(DeliveryOutcome outcome) {
    pending.decrement();
    parked.increment();
  }

  RouteStats stats() {
    return new RouteStats(delivered.sum(), retried.sum(), deadLettered.sum(), parked.sum(), pending.sum());
  }
}
