package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.dispatcher.Route;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The live state of one route on this instance: its current route, its window of events in
 * flight and its rate limit.
 *
 * <p>Shared by every stream task of the stream, so the window and the rate are per route across
 * all partitions on this instance. Thread-safe: the window is an atomic, the bucket locks; a
 * changed route replaces the limits as a whole.
 */
public final class RouteRuntime {

  private final int defaultMaxInFlight;
  private final RouteCounters counters;
  /** Nanosecond ticks the rate limit is measured against ({@code System::nanoTime} but in tests). */
  private final LongSupplier nanoClock;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile Route route;
  private volatile int maxInFlight;
  private volatile TokenBucket bucket;

  RouteRuntime(Route route, int defaultMaxInFlight, RouteCounters counters, LongSupplier nanoClock) {
    this.defaultMaxInFlight = defaultMaxInFlight;
    this.counters = counters;
    this.nanoClock = nanoClock;
    update(route);
  }

  public Route route() {
    return route;
  }

  void update(Route newRoute) {
    this.route = newRoute;
    this.maxInFlight = newRoute.limits().windowOr(defaultMaxInFlight);
    double rate = newRoute.limits().maxEventsPerSecond();
    TokenBucket current = bucket;
    if (rate == 0) {
      bucket = null;
    } else if (current == null || current.rate() != rate) {
      bucket = new TokenBucket(rate, nanoClock.getAsLong());
    }
  }

  String uid() {
    return route.uid();
  }

  RouteCounters counters() {
    return counters;
  }

  /**
   * Takes a slot of the window and, when rate-limited, a token; false when the route already has
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
    if (limit != null && !limit.tryTake(nanoClock.getAsLong())) {
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
