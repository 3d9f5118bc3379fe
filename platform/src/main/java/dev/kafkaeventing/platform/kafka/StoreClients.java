package dev.kafkaeventing.platform.kafka;

import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.core.kafka.TopicInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients of a resource store, and its topic. The settings the store's guarantees rest
 * on are applied after the caller's extra properties, so they cannot be overridden.
 */
final class StoreClients {

  private StoreClients() {}

  /** Creates the compacted topic if missing and returns its partitions once it is visible. */
  static List<TopicPartition> ensureTopic(ResourceStoreConfig config) {
    try (Admin admin = Admin.create(adminProperties(config))) {
      KafkaTopics topics = new KafkaTopics(admin);
      Map<String, String> compacted =
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      topics.ensureTopic(
          config.topic(), 1, config.replicationFactor(), compacted, config.startTimeout());
      TopicInfo info = topics.awaitTopic(config.topic(), config.startTimeout());
      return IntStream.range(0, info.partitions())
          .mapToObj(p -> new TopicPartition(config.topic(), p))
          .toList();
    }
  }

  static Map<String, Object> adminProperties(ResourceStoreConfig config) {
    Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    return props;
  }

  static KafkaProducer<String, byte[]> producer(ResourceStoreConfig config) {
    Map<String, Object> props = adminProperties(config);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Control-plane writes are rare and someone waits for each: send at once.
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** A consumer without a group: the store always reads the whole topic from its beginning. */
  static KafkaConsumer<String, byte[]> consumer(ResourceStoreConfig config) {
    Map<String, Object> props = adminProperties(config);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
