package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.core.kafka.KafkaCluster;

import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.InvalidEventException;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the last events of a topic once, newest first: at most {@code last} records from the end
 * of each partition, then the newest {@code last} of them. A plain consumer with no group on the
 * calling thread (a worker of the admin server), so the data plane never waits on it.
 */
final class RecentEvents {

  static final int MAX_LAST = 1000;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  /** One event as read, with where it was read. */
  record Recent(CloudEvent event, Instant time, int partition, long offset, int size) {}

  private RecentEvents() {}

  static List<Recent> read(KafkaCluster cluster, String topic, int last) {
    Map<String, Object> config = cluster.clientConfig(new HashMap<>());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "recent-" + topic);
    List<Recent> events = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, READ_TIMEOUT);
      for (TopicPartition partition : partitions) {
        consumer.seek(partition, Math.max(starts.get(partition), ends.get(partition) - last));
      }
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reachedEnd(consumer, partitions, ends) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() >= ends.get(new TopicPartition(topic, record.partition()))) {
            continue;
          }
          try {
            CloudEvent event = CloudEventKafkaCodec.fromRecord(record.headers(), record.key(), record.value());
            events.add(new Recent(event, Instant.ofEpochMilli(record.timestamp()), record.partition(), record.offset(),
                record.value() == null ? 0 : record.value().length));
          } catch (InvalidEventException e) {
            // not an event the ingress accepted (a transaction marker's neighbour, a foreign record): skip
          }
        }
      }
    }
    events.sort(Comparator.comparing(Recent::time).thenComparing(Recent::offset).reversed());
    return events.subList(0, Math.min(last, events.size()));
  }

  private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
      Map<TopicPartition, Long> ends) {
    return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
  }
}
