package dev.kafkaeventing.dispatcher;

import dev.kafkaeventing.core.DeliveryTarget;

/**
 * Where a subscriber's reply event goes: back into the topic the event came from (a Broker's
 * routes), straight into another topic this platform serves (a Subscription replying to a
 * channel: one Kafka write instead of an HTTP round trip through the ingress), on to another
 * destination (a Subscription's {@code reply}), or nowhere.
 */
public sealed interface ReplyRoute {

  /** Replies are written back to the source topic and evaluated against all routes again. */
  ReplyRoute TO_SOURCE_TOPIC = new ToSourceTopic();

  /** Replies are dropped. */
  ReplyRoute DISCARD = new Discard();

  /** Replies are delivered to {@code target} with the delivery engine. */
  static ReplyRoute forward(DeliveryTarget target) {
    return new Forward(target);
  }

  /** Replies are written to {@code topic} (the topic behind a channel this platform serves). */
  static ReplyRoute toTopic(String topic) {
    return new ToTopic(topic);
  }

  record ToSourceTopic() implements ReplyRoute {}

  record ToTopic(String topic) implements ReplyRoute {}

  record Discard() implements ReplyRoute {}

  record Forward(DeliveryTarget target) implements ReplyRoute {}
}
