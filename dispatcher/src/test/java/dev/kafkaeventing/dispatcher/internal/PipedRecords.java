package dev.kafkaeventing.dispatcher.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * The records a {@code TopologyTestDriver} test piped in, kept by topic, partition and offset so
 * spilled entries can be read again; {@link #deleteBefore} plays retention. Reads complete at once.
 */
final class PipedRecords implements BacklogReader {

  private final Map<TopicPartition, Map<Long, ConsumerRecord<byte[], byte[]>>> records = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();
  private int reads;

  /** Keeps a record piped to partition 0 of {@code topic}; offsets count from 0 as the driver's do. */
  void piped(String topic, Headers headers, byte[] key, byte[] value) {
    TopicPartition partition = new TopicPartition(topic, 0);
    long offset = next.merge(partition, 1L, Long::sum) - 1;
    records.computeIfAbsent(partition, p -> new ConcurrentHashMap<>())
        .put(offset, new ConsumerRecord<>(topic, 0, offset, key, value) {
          @Override
          public Headers headers() {
            return headers;
          }
        });
  }

  /** Retention: the records of {@code topic} before {@code offset} are gone. */
  void deleteBefore(String topic, long offset) {
    records.getOrDefault(new TopicPartition(topic, 0), Map.of()).keySet().removeIf(at -> at < offset);
  }

  /** Reads served so far. */
  int reads() {
    return reads;
  }

  @Override
  public CompletableFuture<Map<Long, ConsumerRecord<byte[], byte[]>>> read(TopicPartition partition, long[] offsets) {
    reads++;
    Map<Long, ConsumerRecord<byte[], byte[]>> found = new HashMap<>();
    Map<Long, ConsumerRecord<byte[], byte[]>> kept = records.getOrDefault(partition, Map.of());
    for (long offset : offsets) {
      if (kept.containsKey(offset)) {
        found.put(offset, kept.get(offset));
      }
    }
    return CompletableFuture.completedFuture(found);
  }

  @Override
  public void close() {}
}
