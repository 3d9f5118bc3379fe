/**
 * The KafkaChannel/InMemoryChannel (topic-backed), Channel (backing channel) and Subscription
 * reconcilers, a channel's {@code status.subscribers}, and what {@code describe} shows of them. The
 * module's one entry is {@link dev.kafkaeventing.channel.control.ChannelReconcilers#register}, given
 * a {@link dev.kafkaeventing.channel.control.ChannelControl} of exactly what they need. Everything
 * else is package-private.
 */
package dev.kafkaeventing.channel.control;
