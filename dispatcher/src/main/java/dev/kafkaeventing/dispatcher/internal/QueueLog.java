package dev.kafkaeventing.dispatcher.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes the delivery queues of one stream topology to their changelog (see {@link QueueStore}):
 * called on a stream thread just before it commits offsets, for the tasks of that commit, and when
 * a task closes. Each write waits for Kafka's acknowledgement, so offsets are committed only past
 * entries that are durable.
 *
 * <p>Thread-safe: tasks register from their own stream threads; a commit touches only the stores
 * of its own thread's tasks.
 */
final class QueueLog {

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final Set<String> sourceTopics;
  private final String changelogTopic;
  private final Producer<byte[], byte[]> producer;
  private final Map<Integer, QueueStore> stores = new ConcurrentHashMap<>();

  /**
   * @param sourceTopics the topology's source topics (co-partitioned: partition n is task n)
   * @param changelogTopic the store's changelog, named by Kafka Streams {@code
   *     <application id>-<store>-changelog}
   */
  QueueLog(Set<String> sourceTopics, String changelogTopic, Producer<byte[], byte[]> producer) {
    this.sourceTopics = Set.copyOf(sourceTopics);
    this.changelogTopic = changelogTopic;
    this.producer = producer;
  }

  static String changelogTopic(String applicationId) {
    return applicationId + "-" + DeliveryQueueProcessor.STORE + "-changelog";
  }

  void register(QueueStore store) {
    stores.put(store.partition(), store);
  }

  /** The task closes: writes what changed since its last commit and forgets the store. */
  void unregister(QueueStore store) {
    stores.remove(store.partition(), store);
    write(List.of(store));
  }

  /**
   * Makes the entries of the committing tasks durable. Runs on the committing stream thread.
   *
   * @param partitions the partitions whose offsets are about to be committed
   * @throws KafkaException when Kafka did not acknowledge in time: the commit must not happen
   */
  void beforeCommit(Collection<TopicPartition> partitions) {
    Set<QueueStore> committing = new LinkedHashSet<>();
    for (TopicPartition partition : partitions) {
      QueueStore store = sourceTopics.contains(partition.topic()) ? stores.get(partition.partition()) : null;
      if (store != null) {
        committing.add(store);
      }
    }
    write(committing);
  }

  private void write(Collection<QueueStore> changed) {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (QueueStore store : changed) {
      store.drainChanges((key, entry) -> acks.add(producer.send(new ProducerRecord<>(changelogTopic,
          store.partition(), key.get(), entry == null ? null : entry.logValue()))));
    }
    long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
    try {
      for (Future<RecordMetadata> ack : acks) {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted writing the delivery queue changelog", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new KafkaException("could not write the delivery queue changelog " + changelogTopic, e);
    }
  }
}
