package dev.kafkaeventing.core.kafka;

import java.util.Objects;

/**
 * The shape of an existing topic, as {@link KafkaTopics#describe} reports it.
 *
 * @param name topic name
 * @param partitions number of partitions, at least 1
 * @param replicationFactor replicas of the first partition, at least 1
 */
public record TopicInfo(String name, int partitions, int replicationFactor) {

  public TopicInfo {
    Objects.requireNonNull(name, "name");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "replicationFactor must be at least 1, was " + replicationFactor);
    }
  }
}
