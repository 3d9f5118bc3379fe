package dev.kafkaeventing.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * How the bench subscriber answers on one path.
 *
 * @param delay how long to hold each answer (zero: at once)
 * @param echo answer 200 with the received event (a Sequence step), rather than 202 without one
 */
record SubscriberRoute(Duration delay, boolean echo) {

  static final SubscriberRoute ACCEPT = new SubscriberRoute(Duration.ZERO, false);
  static final SubscriberRoute ECHO = new SubscriberRoute(Duration.ZERO, true);

  SubscriberRoute {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
  }

  static SubscriberRoute slow(Duration delay) {
    return new SubscriberRoute(delay, false);
  }
}
