package dev.kafkaeventing.serving.autoscaler;

import java.time.Instant;
import java.util.Objects;

/**
 * One KPA decision. Immutable.
 *
 * @param desired replicas wanted
 * @param ready replicas ready when decided
 * @param stableAverage the metric averaged over the stable window (NaN without data)
 * @param panicAverage the metric averaged over the panic window (NaN without data)
 * @param pending events waiting for delivery to the revision
 * @param reason why {@code desired} is what it is, in words
 */
public record ScaleDecision(Instant at, int desired, int ready, Mode mode, double stableAverage, double panicAverage,
    long pending, String reason) {

  /** Knative's two modes: scale on the stable window, or on the panic window without scaling down. */
  public enum Mode { STABLE, PANIC }

  public ScaleDecision {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(mode, "mode");
    if (desired < 0) {
      throw new IllegalArgumentException("desired must not be negative");
    }
  }
}
