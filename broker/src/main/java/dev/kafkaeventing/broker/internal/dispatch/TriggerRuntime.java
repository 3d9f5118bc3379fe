package dev.kafkaeventing.broker.internal.dispatch;

import dev.kafkaeventing.broker.TriggerRoute;
import dev.kafkaeventing.broker.TriggerStats;
import dev.kafkaeventing.core.DeliveryOutcome;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live state of one Trigger on this instance: its current route, its window of requests in
 * flight and its counters.
 *
 * <p>Shared by every stream task of the broker, so the window is per Trigger across all partitions
 * on this instance. Thread-safe: the window and counters are atomics; the route is replaced as a
 * whole when the Trigger changes.
 */
public final class TriggerRuntime {

  private volatile TriggerRoute route;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder pending = new LongAdder();

  TriggerRuntime(TriggerRoute route, int maxInFlight) {
    this.route = route;
    this.maxInFlight = route.ordered() ? 1 : maxInFlight;
  }

  public TriggerRoute route() {
    return route;
  }

  void update(TriggerRoute newRoute) {
    this.route = newRoute;
  }

  String uid() {
    return route.uid();
  }

  /** Takes a slot of the window; false when the Trigger already has its maximum in flight. */
  boolean tryAcquire() {
    while (true) {
      int current = inFlight.get();
      if (current >= maxInFlight) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  void release() {
    inFlight.decrementAndGet();
  }

  void queued() {
    pending.increment();
  }

  void settled(DeliveryOutcome outcome) {
    pending.decrement();
    retried.add(Math.max(0, outcome.attempts() - 1));
    switch (outcome.result()) {
      case DELIVERED -> delivered.increment();
      case DEAD_LETTERED -> deadLettered.increment();
      case FAILED -> failed.increment();
    }
  }

  void dropped() {
    pending.decrement();
  }

  public TriggerStats stats() {
    return new TriggerStats(
        delivered.sum(), retried.sum(), deadLettered.sum(), failed.sum(), pending.sum());
  }
}
