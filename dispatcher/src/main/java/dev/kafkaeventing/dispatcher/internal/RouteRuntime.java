package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.dispatcher.Route;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The live state of one route on this instance: its current route, its window of events in
 * flight and its rate limit.
 *
 * <p>Shared by every stream task of the stream, so the window and the rate are per route across
 * all partitions on this instance. A route's own {@code max-in-flight} and {@code
 * max-events-per-second} hold across the instances sharing the stream: each applies its {@link
 * #share} of them (the fraction of the stream's partitions assigned here), the window rounded down
 * but at least 1. Thread-safe: the window is an atomic, the bucket locks; a
 * changed route replaces the limits as a whole.
 */
public final class RouteRuntime {

  private final int defaultMaxInFlight;
  private final RouteCounters counters;
  /** Nanosecond ticks the rate limit is measured against ({@code System::nanoTime} but in tests). */
  private final LongSupplier nanoClock;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile Route route;
  /** The route's delivery time series while it is served here (see {@link RouteRegistry}). */
  private volatile RouteMetrics.DeliveryTimes deliveryTimes = RouteMetrics.DeliveryTimes.NONE;
  private volatile int maxInFlight;
  /** The window its subscriber's capacity asks for (0: none), used when the route sets none. */
  private volatile int adaptiveWindow;
  private volatile TokenBucket bucket;
  /** This instance's fraction of the stream's partitions, in (0, 1]. */
  private volatile double share;

  RouteRuntime(Route route, int defaultMaxInFlight, RouteCounters counters, LongSupplier nanoClock, double share) {
    this.defaultMaxInFlight = defaultMaxInFlight;
    this.counters = counters;
    this.nanoClock = nanoClock;
    this.share = share;
    update(route);
  }

  public Route route() {
    return route;
  }

  synchronized void update(Route newRoute) {
    this.route = newRoute;
    this.maxInFlight = window(newRoute, adaptiveWindow);
    double rate = newRoute.limits().maxEventsPerSecond() * share;
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

  /**
   * Applies {@code newShare} (in (0, 1]) of the route's own limits from now on: the stream's
   * partitions assigned to this instance changed.
   */
  void share(double newShare) {
    if (!(newShare > 0 && newShare <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1], got " + newShare);
    }
    if (newShare != share) {
      share = newShare;
      update(route);
    }
  }

  /** The window applied now. */
  int window() {
    return maxInFlight;
  }

  /** The new events per second allowed now on this instance; 0 for unlimited. */
  double eventsPerSecond() {
    TokenBucket limit = bucket;
    return limit == null ? 0 : limit.rate();
  }

  private int window(Route of, int adaptive) {
    return of.limits().maxInFlight() > 0 ? Math.max(1, (int) Math.floor(of.limits().maxInFlight() * share + 1e-9))
        : adaptive > 0 ? adaptive : defaultMaxInFlight;
  }

  String uid() {
    return route.uid();
  }

  RouteCounters counters() {
    return counters;
  }

  /** Where the route's delivery times go from now on; {@link RouteMetrics.DeliveryTimes#NONE} once it is gone. */
  void deliveryTimes(RouteMetrics.DeliveryTimes times) {
    deliveryTimes = times;
  }

  /** A delivery of the route took {@code nanos} from its first attempt to its final answer. */
  void deliveryTook(long nanos) {
    deliveryTimes.took(nanos);
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
