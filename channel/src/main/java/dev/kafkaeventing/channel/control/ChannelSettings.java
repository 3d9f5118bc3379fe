package dev.kafkaeventing.channel.control;

/**
 * The instance settings channel reconcilers use.
 *
 * @param defaultTopicPartitions partitions of a channel topic whose spec names none
 * @param defaultReplicationFactor replication of a channel topic whose spec names none
 */
public record ChannelSettings(int defaultTopicPartitions, short defaultReplicationFactor) {

  public ChannelSettings {
    if (defaultTopicPartitions < 1 || defaultReplicationFactor < 1) {
      throw new IllegalArgumentException("partitions and replication factor must be above 0");
    }
  }
}
