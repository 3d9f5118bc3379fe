package dev.kafkaeventing.core.control;

import dev.kafkaeventing.crds.BackoffPolicy;
import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.crds.DeliverySpec;
import java.time.Duration;

/** Turns a resource's {@code delivery} into the delivery engine's policy. */
public final class DeliveryPolicies {

  private DeliveryPolicies() {}

  /**
   * No {@code delivery} at all: the platform defaults (Knative's broker defaults). A {@code
   * delivery} without {@code retry} means a single attempt, as in Knative.
   */
  public static DeliveryPolicy from(DeliverySpec spec) {
    DeliveryPolicy defaults = DeliveryPolicy.defaults();
    if (spec == null) {
      return defaults;
    }
    return new DeliveryPolicy(
        spec.retry() == null ? 0 : spec.retry(),
        spec.backoffPolicy() == null ? BackoffPolicy.EXPONENTIAL : spec.backoffPolicy(),
        orDefault(spec.backoffDelay(), defaults.backoffDelay()),
        orDefault(spec.timeout(), defaults.timeout()),
        spec.backoffMax(),
        spec.retryAfterMax());
  }

  private static Duration orDefault(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }
}
