package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a compacted topic from its beginning to the end it had when the read began, with a
 * group-less consumer, and keeps the latest value per key (tombstones remove the key). Every read
 * sees everything acknowledged before it started, whichever instance wrote it. Stateless and
 * thread-safe; each read blocks its caller.
 */
final class CompactedTopicReader {

  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaCluster cluster;
  private final String topic;
  private final Duration timeout;

  CompactedTopicReader(KafkaCluster cluster, String topic, Duration timeout) {
    this.cluster = cluster;
    this.topic = topic;
    this.timeout = timeout;
  }

  String topic() {
    return topic;
  }

  /** The latest value of every live key whose name {@code keys} accepts, in first-written order. */
  Map<String, byte[]> read(Predicate<String> keys) {
    Map<String, byte[]> latest = new LinkedHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.clientConfig(Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(info -> new TopicPartition(topic, info.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      while (!caughtUp(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("reading " + topic + " took longer than " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
          if (!keys.test(key)) {
            continue;
          }
          if (record.value() == null) {
            latest.remove(key);
          } else {
            latest.put(key, record.value());
          }
        }
      }
    }
    return latest;
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }
}
