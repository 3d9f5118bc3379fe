package dev.kafkaeventing.dispatcher.internal;

import java.util.Objects;

/**
 * Where a replay reads and writes: the stream topic, and the stream's directed topic with its
 * partition count (a replayed event goes to the directed partition of its original partition).
 *
 * @param streamTopic the stream's topic
 * @param directedTopic the stream's directed topic
 * @param directedPartitions partitions of the directed topic
 */
public record ReplayTarget(String streamTopic, String directedTopic, int directedPartitions) {

  public ReplayTarget {
    Objects.requireNonNull(streamTopic, "brokerTopic");
    Objects.requireNonNull(directedTopic, "directedTopic");
    if (directedPartitions < 1) {
      throw new IllegalArgumentException("directedPartitions must be at least 1");
    }
  }

  int directedPartition(int originPartition) {
    return originPartition % directedPartitions;
  }
}
