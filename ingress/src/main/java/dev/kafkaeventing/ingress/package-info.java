/**
 * The one HTTP receiver (HTTP -> topic): publishers POST CloudEvents to a Broker's or a channel's
 * path, and each event is acknowledged (202) only once Kafka has it. One route table ({@link
 * dev.kafkaeventing.ingress.ReceiverRoutes}) maps paths to topics for Brokers, channels and,
 * later, KafkaSinks; the receiver knows paths and topics, not Brokers or Triggers.
 *
 * <p>Public face: {@link dev.kafkaeventing.ingress.Receiver} (the server), {@link
 * dev.kafkaeventing.ingress.ReceiverConfig} and {@link dev.kafkaeventing.ingress.ReceiverRoutes};
 * the Netty pipeline lives in {@code internal}.
 *
 * <p>Why a module apart from {@code dispatcher}: the receiver and the dispatcher are independent
 * deployables-to-be (Knative runs them as separate receiver and dispatcher pods). Neither depends
 * on the other; they meet only at the topic.
 */
package dev.kafkaeventing.ingress;
