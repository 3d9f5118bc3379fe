/**
 * What is a channel's and a Subscription's: naming a channel ({@link
 * dev.kafkaeventing.channel.ChannelId}: its topic, ingress path and stream), its topic's shape
 * ({@link dev.kafkaeventing.channel.ChannelTopic}), the kinds served ({@link
 * dev.kafkaeventing.channel.ChannelKinds}) and a Subscription's dispatcher route ({@link
 * dev.kafkaeventing.channel.SubscriptionRoute}); in {@code channel.control}, the reconcilers of
 * KafkaChannel, InMemoryChannel, Channel and Subscription. A channel runs on the same {@code
 * ingress} and {@code dispatcher} as a Broker.
 */
package dev.kafkaeventing.channel;
