/**
 * The one dispatcher: a Kafka Streams topology per stream (a Broker's or a channel's topic,
 * {@link dev.kafkaeventing.dispatcher.StreamId}) that reads each event once, matches it against
 * every route of the stream (a Trigger or a Subscription, {@link dev.kafkaeventing.dispatcher.Route}),
 * queues a copy per matching route in a durable per-route queue, and drains the queues through the
 * delivery engine. Parking, replay, per-route limits, ordering and counters ({@link
 * dev.kafkaeventing.dispatcher.RouteStats}) work the same for every route kind. It knows streams
 * and routes, not Brokers, Triggers, channels or Subscriptions: those modules map their resources
 * onto it.
 *
 * <p>Public face: {@link dev.kafkaeventing.dispatcher.Dispatcher} and its values in this package;
 * the topology, queue and parked/replay logs live in {@code internal}.
 *
 * <p>Why a module apart from {@code ingress}: the dispatcher and the receiver are independent
 * deployables-to-be (Knative runs them as separate dispatcher and receiver pods). Neither depends
 * on the other; they meet only at the topic.
 */
package dev.kafkaeventing.dispatcher;
