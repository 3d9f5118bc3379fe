package dev.kafkaeventing.platform.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link ResourceStore} keeps its resources.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param topic the compacted topic holding the resources
 * @param replicationFactor replication factor used when the topic has to be created
 * @param clientProperties extra properties for the store's Kafka clients (security, client ids);
 *     they cannot override what the store's guarantees depend on (acks, idempotence, serializers)
 * @param startTimeout how long {@link ResourceStore#start()} may wait for Kafka
 */
public record ResourceStoreConfig(String bootstrapServers, String topic, short replicationFactor,
    Map<String, Object> clientProperties, Duration startTimeout) {

  /** The topic every platform instance reads its resources from unless told otherwise. */
  public static final String DEFAULT_TOPIC = "kafka-eventing.resources";

  public ResourceStoreConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
    if (topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "replicationFactor must be at least 1, was " + replicationFactor);
    }
    clientProperties = Map.copyOf(clientProperties);
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
    }
  }

  /** The default topic, replication factor 1, no extra client properties, 30 s to start. */
  public static ResourceStoreConfig of(String bootstrapServers) {
    return new ResourceStoreConfig(
        bootstrapServers, DEFAULT_TOPIC, (short) 1, Map.of(), Duration.ofSeconds(30));
  }

  /** This configuration with another topic. */
  public ResourceStoreConfig withTopic(String otherTopic) {
    return new ResourceStoreConfig(
        bootstrapServers, otherTopic, replicationFactor, clientProperties, startTimeout);
  }
}
