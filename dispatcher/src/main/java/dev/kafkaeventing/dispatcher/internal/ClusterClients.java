package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The clients a stream on another cluster than the dispatcher's needs besides its Kafka Streams
 * ones: an admin for its directed topic, and a producer for its delivery queue's changelog (which
 * Kafka Streams restores from the cluster it reads), and a reader of far-behind backlogs. Owned by that one stream: opened when its
 * topology is built, closed after the topology. Thread-safe.
 */
public final class ClusterClients implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final DispatchTopics topics;
  private final Producer<byte[], byte[]> producer;
  private final KafkaBacklogReader backlogReader;

  private ClusterClients(DispatchTopics topics, Producer<byte[], byte[]> producer, KafkaCluster cluster) {
    this.topics = topics;
    this.producer = producer;
    this.backlogReader = new KafkaBacklogReader(cluster);
  }

  /** Opens the clients; the parked and replays topics named are never created on this cluster. */
  public static ClusterClients open(KafkaCluster cluster, String parkedTopic, String replaysTopic) {
    DispatchTopics topics = new DispatchTopics(cluster.clientConfig(Map.of()), parkedTopic, replaysTopic);
    try {
      // As durable as the dispatcher's own producer: the changelog is what makes a commit safe.
      Producer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientConfig(Map.of(
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
          ProducerConfig.LINGER_MS_CONFIG, 5)), new ByteArraySerializer(), new ByteArraySerializer());
      return new ClusterClients(topics, producer, cluster);
    } catch (RuntimeException e) {
      topics.close();
      throw e;
    }
  }

  public DispatchTopics topics() {
    return topics;
  }

  public Producer<byte[], byte[]> producer() {
    return producer;
  }

  /** Backlogs of the stream read again from its cluster (the reader opens on its first read). */
  public DispatchTopology.Backlogs backlogs(int inMemory) {
    return new DispatchTopology.Backlogs(backlogReader, inMemory);
  }

  @Override
  public void close() {
    backlogReader.close();
    producer.close(CLOSE_TIMEOUT);
    topics.close();
  }
}
