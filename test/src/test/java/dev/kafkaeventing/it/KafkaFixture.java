package dev.kafkaeventing.it;

import dev.kafkaeventing.core.kafka.KafkaTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The one Kafka of the test JVM, started on first use and stopped when the JVM exits.
 *
 * <p>By default an {@code EmbeddedKafka} on free ports with a temporary data directory. With
 * {@code -Dkafka.fixture=testcontainers} a Kafka container instead; when no Docker engine is
 * present, every test that asks for Kafka is skipped (a JUnit assumption) rather than failed.
 *
 * <p>Tests share the broker, so each test uses its own topics ({@link #uniqueTopic}). Every method
 * is static and thread-safe; call them from tests or {@code @BeforeAll} methods, so that a skip
 * lands on a test.
 */
public final class KafkaFixture {

  /** Topic creation, offsets and reads in tests: generous for a loaded 2-core machine. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private KafkaFixture() {}

  /** The {@code bootstrap.servers} of the shared Kafka, starting it if needed. */
  public static String bootstrapServers() {
    return SharedKafka.get().bootstrapServers();
  }

  /** A shared admin client; do not close it. */
  public static Admin admin() {
    return SharedKafka.get().admin();
  }

  /** Topic helpers over the shared admin client. */
  public static KafkaTopics topics() {
    return new KafkaTopics(admin());
  }

  /** A topic name no other test of this run (or of an earlier run) uses; not created. */
  public static String uniqueTopic(String prefix) {
    return prefix + "-" + RUN + "-" + TOPICS.incrementAndGet();
  }

  /** Creates a topic with a unique name, replication 1, waits until it shows, returns the name. */
  public static String createTopic(String prefix, int partitions) {
    String topic = uniqueTopic(prefix);
    KafkaTopics topics = topics();
    topics.ensureTopic(topic, partitions, (short) 1, Map.of(), TIMEOUT);
    topics.awaitTopic(topic, TIMEOUT);
    return topic;
  }

  /** The end offset of every partition of {@code topic}. */
  public static Map<TopicPartition, Long> endOffsets(String topic) {
    return topics().endOffsets(topic, TIMEOUT);
  }

  /** The sum of {@link #endOffsets}: how many records were ever written to {@code topic}. */
  public static long totalEndOffset(String topic) {
    return topics().totalEndOffset(topic, TIMEOUT);
  }

  /** Writes one string record with a shared producer and waits for its acknowledgement. */
  public static RecordMetadata produce(String topic, String key, String value) {
    try {
      return SharedKafka.get().producer().send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Producing to " + topic + " failed", e.getCause());
    }
  }

  /**
   * Reads {@code topic} from its beginning with a plain consumer (no group) until at least
   * {@code expectedCount} records arrived and nothing more is in the topic, or the timeout passed.
   * Records are in partition order within each partition; fewer than expected means the timeout.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(
      String topic, int expectedCount, Duration timeout) {
    return readAll(topic, expectedCount, timeout,
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** {@link #readAll(String, int, Duration)} with the given deserializers. */
  public static <K, V> List<ConsumerRecord<K, V>> readAll(String topic, int expectedCount,
      Duration timeout, Deserializer<K> keys, Deserializer<V> values) {
    return TopicReader.readAll(bootstrapServers(), topic, expectedCount, timeout, keys, values);
  }
}
