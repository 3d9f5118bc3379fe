package dev.kafkaeventing.dispatcher;

import dev.kafkaeventing.core.DeliveryTarget;

/**
 * Where a subscriber's reply event goes: back into the topic the event came from (a Broker's
 * routes), straight into another topic this platform serves (a Subscription replying to a
 * channel: one Kafka write instead of an HTTP round trip through the ingress), on to another
 * destination (a Subscription's {@code reply}), or nowhere. A Sequence step's reply to the next
 * step's channel ({@link ToNextStep}) is delivered to that step in-process when it can be, and
 * written to the channel's topic when it cannot.
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

  /**
   * Replies are the input of the next step of a Sequence: delivered straight to the only
   * Subscription of {@code channel} (one attempt), else written to {@code topic}, the topic behind
   * that channel. See {@link ToNextStep}.
   */
  static ReplyRoute toNextStep(String topic, StreamId channel) {
    return new ToNextStep(topic, channel);
  }

  record ToSourceTopic() implements ReplyRoute {}

  /**
   * A Sequence step's reply to the channel of the next step, which the same Sequence owns. The
   * dispatcher makes the next step's first attempt itself, while the event that caused the reply
   * stays unsettled (at least once without the channel's topic); it writes the reply to {@code
   * topic} instead whenever the next step cannot be delivered so: the channel's stream is not
   * served here, it has no or several routes, the route is ordered or filtered, its window or rate
   * is used up, or that attempt failed (the channel then applies the step's whole delivery spec).
   *
   * @param topic the topic behind the next step's channel
   * @param channel the next step's channel, as a dispatcher stream
   */
  record ToNextStep(String topic, StreamId channel) implements ReplyRoute {
    public ToNextStep {
      java.util.Objects.requireNonNull(topic, "topic");
      java.util.Objects.requireNonNull(channel, "channel");
    }
  }

  record ToTopic(String topic) implements ReplyRoute {}

  record Discard() implements ReplyRoute {}

  record Forward(DeliveryTarget target) implements ReplyRoute {}
}
