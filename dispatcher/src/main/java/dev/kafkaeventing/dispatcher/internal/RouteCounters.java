package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.RouteStats;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery counters of one route uid on this instance. Kept apart from {@link RouteRuntime} so
 * that entries queued before their route is known (after a restart) are counted too.
 * Thread-safe.
 */
final class RouteCounters {

  private static final Logger LOG = LoggerFactory.getLogger(RouteCounters.class);

  private final LongAdder delivered = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder parked = new LongAdder();
  private final LongAdder pending = new LongAdder();
  private final LongAdder lost = new LongAdder();
  private final LogThrottle failureLog;

  /** @param nanoClock the ticks the log of first failures is rate-limited against */
  RouteCounters(LongSupplier nanoClock) {
    this.failureLog = new LogThrottle(nanoClock, LogThrottle.INTERVAL_NANOS);
  }

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

  /**
   * A retry of {@code route} starts: counted, and when it is a delivery's first retry, logged at
   * INFO at most once per interval per route, so a failing subscriber shows in the log at once
   * without a line per event. Runs on an event loop.
   */
  void retrying(Route route, int attempt, String previousError) {
    retried();
    if (attempt != 2) {
      return;
    }
    long failures = failureLog.occurred();
    if (failures > 0) {
      LOG.info("{}: delivery to {} failed ({}); retrying{}", route.label(),
          route.target().subscriber(), previousError,
          failures > 1 ? " (" + failures + " deliveries started retrying since the last such line)" : "");
    }
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

  /**
   * Delivered without being queued for this route: a Sequence step's reply handed straight to this
   * step (see {@link NextStepDelivery}).
   */
  void deliveredInProcess() {
    delivered.increment();
  }

  /** Retries and dead letter sink exhausted: the event is now parked. */
  void parked(DeliveryOutcome outcome) {
    pending.decrement();
    parked.increment();
  }

  /**
   * A spilled entry's record was gone from its topic when it was read again (deleted by retention
   * while the route was behind): the event cannot be delivered.
   */
  void lost() {
    pending.decrement();
    lost.increment();
  }

  RouteStats stats() {
    return new RouteStats(delivered.sum(), retried.sum(), deadLettered.sum(), parked.sum(), pending.sum(),
        lost.sum());
  }
}
