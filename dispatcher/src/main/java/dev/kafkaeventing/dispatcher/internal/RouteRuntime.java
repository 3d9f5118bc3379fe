package dev.kafkaeventing.broker.internal.dispatch;

import dev.kafkaeventing.broker.TriggerRoute;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live state of one Trigger on this instance: its current route, its window of events in
 * flight and its rate limit.
 *
 * <p>Shared by every stream task of the broker, so the window and the rate are per Trigger across
 * all partitions on this instance. Thread-safe: the window is an atomic, the bucket locks; a
 * changed route replaces the limits as a whole.
 */
public final class TriggerRuntime {

  private final int defaultMaxInFlight;
  private final TriggerCounters counters;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile TriggerRoute route;
  private volatile int maxInFlight;
  private volatile TokenBucket bucket;

  TriggerRuntime(TriggerRoute route, int defaultMaxInFlight, TriggerCounters counters) {
    this.defaultMaxInFlight = defaultMaxInFlight;
    this.counters = counters;
    update(route);
  }

  public TriggerRoute route() {
    return route;
  }

  void update(TriggerRoute newRoute) {
    this.route = newRoute;
    this.maxInFlight = newRoute.limits().windowOr(defaultMaxInFlight);
    double rate = newRoute.limits().maxEventsPerSecond();
    TokenBucket current = bucket;
    if (rate == 0) {
      bucket = null;
    } else if (current == null || current.rate() != rate) {
      bucket = new TokenBucket(rate, System.nanoTime());
    }
  }

  String uid() {
    return route.uid();
  }

  TriggerCounters counters() {
    return counters;
  }

  /**
   * Takes a slot of the window and, when rate-limited, a token; false when the Trigger already has
   * its maximum in flight or has used its rate for now.
   */
  boolean tryAcquire() {
    while (true) {
      int current = inFlight.get();
      if (current >= maxInFlight) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + 1)) {
        break;
      }
    }
    TokenBucket limit = bucket;
    if (limit != null && !limit.tryTake(System.nanoTime())) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  void release() {
    inFlight.decrementAndGet();
  }

  int inFlight() {
    return inFlight.get();
  }
}
