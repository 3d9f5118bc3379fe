package dev.kafkaeventing.platform.control;

import dev.kafkaeventing.crds.ResourceKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How long to wait before reconciling a resource again after it failed: {@code initial}, doubling
 * on every consecutive failure, at most {@code max}. A success (or a new spec) starts over.
 *
 * <p>Not thread-safe: used on the reconcile thread only.
 */
final class ReconcileBackoff {

  private final Duration initial;
  private final Duration max;
  private final Map<ResourceKey, Integer> failures = new HashMap<>();

  ReconcileBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** Counts a failure; returns how many in a row there have been (1 for the first). */
  int failed(ResourceKey key) {
    return failures.merge(key, 1, Integer::sum);
  }

  /** The wait after the {@code failures}-th failure in a row. */
  Duration delay(int failures) {
    int doublings = Math.min(failures - 1, 30);
    long millis = initial.toMillis() << doublings;
    return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }

  void succeeded(ResourceKey key) {
    failures.remove(key);
  }
}
