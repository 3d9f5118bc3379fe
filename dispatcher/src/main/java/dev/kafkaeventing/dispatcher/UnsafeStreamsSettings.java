package dev.kafkaeventing.dispatcher;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Refuses user-supplied Streams, consumer and producer settings that would break the delivery
 * queue's invariant: a route's queued events reach the queue changelog before the source offsets
 * that let them go are committed. That holds only under {@code at_least_once}, with Streams
 * committing offsets through the consumer {@link StreamsSettings} sets up and the Kafka clients
 * that carry the changelog's commit hook. Stateless.
 */
final class UnsafeStreamsSettings {

  /** Prefixes Streams accepts in front of a client setting; the setting is refused with any of them. */
  private static final List<String> PREFIXES = List.of(
      StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
      StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX, StreamsConfig.PRODUCER_PREFIX,
      StreamsConfig.ADMIN_CLIENT_PREFIX);

  /** Each refused setting (without prefix), with why; {@code processing.guarantee} is checked apart. */
  private static final Map<String, String> REFUSED = Map.of(
      ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
      "offsets would commit on the consumer's own schedule, ahead of the delivery queue's changelog",
      ConsumerConfig.ISOLATION_LEVEL_CONFIG,
      "the delivery queue reads its topics as Streams' at_least_once does (read_uncommitted)",
      ProducerConfig.TRANSACTIONAL_ID_CONFIG,
      "a transactional producer commits offsets in its transactions, bypassing the queue changelog's commit hook",
      "default.client.supplier",
      "the dispatcher's own Kafka clients carry the queue changelog's commit hook",
      "processing.guarantee",
      "");

  /** The one value a refused setting may still have: the one the dispatcher runs with anyway. */
  private static final Map<String, String> HARMLESS = Map.of(
      ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
      ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);

  private UnsafeStreamsSettings() {}

  /**
   * @throws IllegalArgumentException naming the first refused setting (in key order) and why
   */
  static void refuse(Map<String, ?> settings) {
    for (Map.Entry<String, ?> setting : new TreeMap<>(settings).entrySet()) {
      String key = setting.getKey();
      String name = withoutPrefix(key);
      String why = REFUSED.get(name);
      if (why == null) {
        continue;
      }
      String value = String.valueOf(setting.getValue());
      if (value.trim().toLowerCase(Locale.ROOT).equals(HARMLESS.get(name))) {
        continue;
      }
      if (name.equals(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)) {
        why = "only at_least_once keeps the delivery queue's changelog ahead of the offset commits"
            + " (under exactly-once, offsets commit through the producer and bypass its commit hook)";
      }
      throw new IllegalArgumentException("Streams setting " + key + "=" + value + " is refused: " + why);
    }
  }

  private static String withoutPrefix(String key) {
    for (String prefix : PREFIXES) {
      if (key.startsWith(prefix)) {
        return key.substring(prefix.length());
      }
    }
    return key;
  }
}
