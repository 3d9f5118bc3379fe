/**
 * KafkaSource on the one data plane: a stream of the dispatcher (its topics, its consumer group,
 * its initial offset) with one route to the resolved sink, records made events by {@link
 * dev.kafkaeventing.sources.kafka.KafkaRecordEvents}. The entry of the Kafka sources and sinks is
 * {@link dev.kafkaeventing.sources.kafka.KafkaSourceReconcilers#register}, given a {@link
 * dev.kafkaeventing.sources.kafka.KafkaSourceControl} of exactly what they need.
 */
package dev.kafkaeventing.sources.kafka;
