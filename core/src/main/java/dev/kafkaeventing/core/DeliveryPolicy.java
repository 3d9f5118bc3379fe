package dev.kafkaeventing.core;

import dev.kafkaeventing.crds.BackoffPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Retry, backoff and timeout of a delivery, as Knative's {@code DeliverySpec}. Immutable.
 *
 * @param retry         attempts after the first one (0 = a single attempt)
 * @param backoffPolicy how the wait grows between attempts
 * @param backoffDelay  base of the wait; zero retries at once
 * @param timeout       time allowed for each attempt (the whole HTTP exchange)
 * @param backoffMax    upper bound of a computed backoff wait; null for none
 * @param retryAfterMax upper bound of a {@code Retry-After} wait on 429/503; null honours the header
 *                      uncapped, zero ignores it
 */
public record DeliveryPolicy(
    int retry,
    BackoffPolicy backoffPolicy,
    Duration backoffDelay,
    Duration timeout,
    Duration backoffMax,
    Duration retryAfterMax) {

  public DeliveryPolicy {
    if (retry < 0) {
      throw new IllegalArgumentException("retry must not be negative, got " + retry);
    }
    Objects.requireNonNull(backoffPolicy, "backoffPolicy");
    requireNotNegative("backoffDelay", Objects.requireNonNull(backoffDelay, "backoffDelay"));
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (backoffMax != null) {
      requireNotNegative("backoffMax", backoffMax);
    }
    if (retryAfterMax != null) {
      requireNotNegative("retryAfterMax", retryAfterMax);
    }
  }

  private static void requireNotNegative(String name, Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  /**
   * Knative's defaults: 10 retries, exponential backoff from 0.2 s (the {@code delivery} that Knative's
   * {@code config-br-defaults} gives brokers), and a 10 minute timeout per attempt (the Knative Kafka
   * broker dispatcher's timeout when none is set); no backoff cap, {@code Retry-After} honoured uncapped.
   */
  public static DeliveryPolicy defaults() {
    return new DeliveryPolicy(
        10, BackoffPolicy.EXPONENTIAL, Duration.ofMillis(200), Duration.ofMinutes(10), null, null);
  }

  /** A single attempt, no retry. */
  public static DeliveryPolicy noRetries(Duration timeout) {
    return new DeliveryPolicy(0, BackoffPolicy.EXPONENTIAL, Duration.ZERO, timeout, null, null);
  }
}
