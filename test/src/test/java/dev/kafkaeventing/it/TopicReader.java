package dev.kafkaeventing.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a whole topic with a group-less consumer, from any Kafka; {@link KafkaFixture#readAll}
 * is this on the shared Kafka. Stateless.
 */
public final class TopicReader {

  private static final Duration POLL = Duration.ofMillis(100);

  private TopicReader() {}

  /**
   * Reads {@code topic} from its beginning until at least {@code expectedCount} records arrived
   * and the consumer is at the end of every partition, or the timeout passed.
   */
  public static <K, V> List<ConsumerRecord<K, V>> readAll(String bootstrapServers, String topic,
      int expectedCount, Duration timeout, Deserializer<K> keys, Deserializer<V> values) {
    Map<String, Object> props = Map.of(
        "bootstrap.servers", bootstrapServers,
        "enable.auto.commit", false,
        "isolation.level", "read_committed");
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(info -> new TopicPartition(topic, info.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (System.nanoTime() < deadline) {
        consumer.poll(POLL).forEach(records::add);
        if (records.size() >= expectedCount && caughtUp(consumer, partitions)) {
          break;
        }
      }
    }
    return records;
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
  }
}
