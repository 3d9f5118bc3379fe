package dev.kafkaeventing.dispatcher;

/**
 * How hard a route may push its subscriber, enforced per route across all partitions an
 * instance serves. Immutable.
 *
 * @param maxInFlight events in flight to the subscriber at once (each counts until it is settled:
 *     delivered, dead-lettered or parked); 0 means the instance default
 * @param maxEventsPerSecond new events handed to the subscriber per second (retries of an event
 *     already in flight do not count); 0 means unlimited
 */
public record DispatchLimits(int maxInFlight, double maxEventsPerSecond) {

  /** The instance default window, no rate limit. */
  public static final DispatchLimits DEFAULT = new DispatchLimits(0, 0);

  public DispatchLimits {
    if (maxInFlight < 0) {
      throw new IllegalArgumentException("maxInFlight must not be negative, got " + maxInFlight);
    }
    if (maxEventsPerSecond < 0 || Double.isNaN(maxEventsPerSecond) || Double.isInfinite(maxEventsPerSecond)) {
      throw new IllegalArgumentException("maxEventsPerSecond must be a finite number >= 0, got " + maxEventsPerSecond);
    }
  }

  /** The window to apply, given the instance default. */
  public int windowOr(int instanceDefault) {
    return maxInFlight == 0 ? instanceDefault : maxInFlight;
  }
}
