package dev.kafkaeventing.broker.internal.dispatch;

import java.util.Objects;

/**
 * Where a replay reads and writes: the broker topic, and the broker's directed topic with its
 * partition count (a replayed event goes to the directed partition of its original partition).
 *
 * @param brokerTopic the broker's topic
 * @param directedTopic the broker's directed topic
 * @param directedPartitions partitions of the directed topic
 */
public record ReplayTarget(String brokerTopic, String directedTopic, int directedPartitions) {

  public ReplayTarget {
    Objects.requireNonNull(brokerTopic, "brokerTopic");
    Objects.requireNonNull(directedTopic, "directedTopic");
    if (directedPartitions < 1) {
      throw new IllegalArgumentException("directedPartitions must be at least 1");
    }
  }

  int directedPartition(int originPartition) {
    return originPartition % directedPartitions;
  }
}
