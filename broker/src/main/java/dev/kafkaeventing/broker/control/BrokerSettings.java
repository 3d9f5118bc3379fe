package dev.kafkaeventing.broker.control;

/**
 * The instance settings Broker reconcilers use.
 *
 * @param defaultTopicPartitions partitions of a broker topic whose ConfigMap names none
 * @param defaultReplicationFactor replication of a broker topic whose ConfigMap names none
 * @param maxEventBytes the largest event the receiver accepts (the topic must hold it)
 * @param bootstrapServers the platform's own Kafka cluster, where every Broker lives
 */
public record BrokerSettings(int defaultTopicPartitions, short defaultReplicationFactor, int maxEventBytes,
    String bootstrapServers) {

  public BrokerSettings {
    if (defaultTopicPartitions < 1 || defaultReplicationFactor < 1 || maxEventBytes < 1) {
      throw new IllegalArgumentException("partitions, replication factor and max event bytes must be above 0");
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers is required");
    }
  }
}
