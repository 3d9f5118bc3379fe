/**
 * KafkaSink on the one data plane: a receiver path ({@link
 * dev.kafkaeventing.sources.sink.KafkaSinkId#path()}) to the sink's topic, written in the sink's
 * content mode. Registered by {@link dev.kafkaeventing.sources.kafka.KafkaSourceReconcilers}.
 */
package dev.kafkaeventing.sources.sink;
