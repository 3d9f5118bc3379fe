package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Node;
import java.time.Duration;

/**
 * Knative's {@code delivery}: how hard a sender tries before giving up on an event, and where the
 * event goes then. Used by Broker, Trigger, channels, Subscription, flows and sources. Durations
 * are ISO-8601 in YAML ({@code PT0.2S}, {@code PT10S}). A null component is unset: the
 * delivery engine's default applies. Immutable and thread-safe.
 *
 * @param deadLetterSink where events go after the last retry fails
 * @param retry the minimum number of retries, at least 0
 * @param backoffDelay the base delay between retries, not negative
 * @param timeout the timeout of each single request, greater than zero
 * @param retryAfterMax the upper bound on a {@code Retry-After} response header, not negative
 *     (zero opts out of honouring it)
 * @param backoffMax the upper bound on one backoff wait, not negative
 */
public record DeliverySpec(Destination deadLetterSink, Integer retry, BackoffPolicy backoffPolicy,
    Duration backoffDelay, Duration timeout, Duration retryAfterMax, Duration backoffMax) {

  public DeliverySpec {
    if (retry != null && retry < 0) {
      throw new IllegalArgumentException("retry must be >= 0, was " + retry);
    }
    requireNotNegative(backoffDelay, "backoffDelay");
    requireNotNegative(retryAfterMax, "retryAfterMax");
    requireNotNegative(backoffMax, "backoffMax");
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be greater than zero, was " + timeout);
    }
  }

  /**
   * Reads the {@code spec.delivery} of a Broker, Trigger, Channel, InMemoryChannel,
   * KafkaChannel, Subscription or KafkaSource; null when it has none.
   *
   * @throws ResourceValidationException when the resource's spec is invalid
   */
  public static DeliverySpec from(Resource resource) {
    return SpecViews.from(resource, n -> read(n.field("delivery")), ResourceKind.BROKER,
        ResourceKind.TRIGGER, ResourceKind.CHANNEL, ResourceKind.IN_MEMORY_CHANNEL,
        ResourceKind.KAFKA_CHANNEL, ResourceKind.SUBSCRIPTION, ResourceKind.KAFKA_SOURCE);
  }

  /** Reads a delivery spec; null when absent or invalid (problems reported). */
  static DeliverySpec read(Node n) {
    if (!n.isObject()) {
      return null;
    }
    n.allowOnly("deadLetterSink", "retry", "backoffPolicy", "backoffDelay", "timeout",
        "retryAfterMax", "backoffMax", "format");
    int mark = n.problems().mark();
    Destination deadLetterSink = Destination.read(n.field("deadLetterSink"));
    Integer retry = n.field("retry").integer(0, Integer.MAX_VALUE);
    String policy = n.field("backoffPolicy").oneOf("exponential", "linear");
    Duration backoffDelay = n.field("backoffDelay").duration(true);
    Duration timeout = n.field("timeout").duration(false);
    Duration retryAfterMax = n.field("retryAfterMax").duration(true);
    Duration backoffMax = n.field("backoffMax").duration(true);
    n.field("format").oneOf("json", "binary");
    if (!n.problems().cleanSince(mark)) {
      return null;
    }
    return new DeliverySpec(deadLetterSink, retry,
        policy == null ? null : BackoffPolicy.fromWireName(policy).orElseThrow(), backoffDelay,
        timeout, retryAfterMax, backoffMax);
  }

  private static void requireNotNegative(Duration d, String field) {
    if (d != null && d.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, was " + d);
    }
  }
}
