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
  /** The window its subscriber's capacity asks for (0: none), used when the route sets none. */
  private volatile int adaptiveWindow;
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
    this.maxInFlight = window(newRoute, adaptiveWindow);
    double rate = newRoute.limits().maxEventsPerSecond();
    TokenBucket current = bucket;
    if (rate == 0) {
      bucket = null;
    } else if (current == null || current.rate() != rate) {
      bucket = new TokenBucket(rate, nanoClock.getAsLong());
    }
  }

  /**
   * Follows the subscriber's capacity (e.g. a Knative Service's ready replicas): {@code window}
   * events in flight from now on, unless the route sets its own; 0 returns to the instance default.
   * Events over a shrunk window finish; new ones wait until the route is under it.
   */
  void adaptWindow(int window) {
    if (window < 0) {
      throw new IllegalArgumentException("window must not be negative, got " + window);
    }
    adaptiveWindow = window;
    maxInFlight = window(route, window);
  }

  /** The window applied now. */
  int window() {
    return maxInFlight;
  }

  private int window(Route of, int adaptive) {
    return of.limits().maxInFlight() > 0 ? of.limits().maxInFlight()
        : adaptive > 0 ? adaptive : defaultMaxInFlight;
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

  /**
   * Takes back a slot released while the event was elsewhere, whatever the window says now: a
   * Sequence step lends its slot while the next step runs in-process (see {@link
   * NextStepDelivery}), so that whoever holds the delivery can release it as usual.
   */
  void retake() {
    inFlight.incrementAndGet();
  }

  int inFlight() {
    return inFlight.get();
  }
}
