package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.core.kafka.TopicInfo;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The topics the dispatch needs besides the stream topics: the compacted parked and replays topics
 * of the deployment (one partition each, the cluster's default replication) and each stream's
 * directed topic. Thread-safe; owns its admin client until {@link #close()}.
 */
public final class DispatchTopics implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;
  private final KafkaTopics topics;
  private final List<String> shared;
  private volatile boolean sharedReady;

  public DispatchTopics(String bootstrapServers, String parkedTopic, String replaysTopic) {
    this(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), parkedTopic, replaysTopic);
  }

  /** On the cluster of {@code adminConfig} (bootstrap servers and security settings). */
  public DispatchTopics(Map<String, Object> adminConfig, String parkedTopic, String replaysTopic) {
    this.admin = Admin.create(adminConfig);
    this.topics = new KafkaTopics(admin);
    this.shared = List.of(parkedTopic, replaysTopic);
  }

  /** Creates the parked and replays topics unless this instance already saw them. */
  public void ensureShared() {
    if (sharedReady) {
      return;
    }
    for (String topic : shared) {
      topics.ensureTopic(topic, 1, (short) -1, Map.of("cleanup.policy", "compact"), TIMEOUT);
      topics.awaitTopic(topic, TIMEOUT);
    }
    sharedReady = true;
  }

  /**
   * Creates {@code directedTopic} with the most partitions of {@code streamTopics} and the
   * replication of the first, so a copy lands in the task of its original (task n reads partition
   * n of every source topic that has one).
   */
  public ReplayTarget ensureDirected(List<String> streamTopics, String directedTopic) {
    TopicInfo first = topics.awaitTopic(streamTopics.get(0), TIMEOUT);
    int partitions = first.partitions();
    for (String other : streamTopics.subList(1, streamTopics.size())) {
      partitions = Math.max(partitions, topics.awaitTopic(other, TIMEOUT).partitions());
    }
    topics.ensureTopic(directedTopic, partitions, (short) first.replicationFactor(), Map.of(), TIMEOUT);
    TopicInfo created = topics.awaitTopic(directedTopic, TIMEOUT);
    return new ReplayTarget(streamTopics.get(0), directedTopic, created.partitions());
  }

  /** The partitions of {@code topic}; empty when it cannot be described within a few seconds. */
  public java.util.OptionalInt partitions(String topic) {
    try {
      return topics.describe(topic, Duration.ofSeconds(5)).map(info -> java.util.OptionalInt.of(info.partitions()))
          .orElse(java.util.OptionalInt.empty());
    } catch (RuntimeException e) {
      return java.util.OptionalInt.empty();
    }
  }

  /**
   * Where each partition of {@code streamTopics} ends now (the offset the next record gets);
   * empty when Kafka cannot tell within a few seconds.
   */
  public Map<TopicPartition, Long> endOffsets(List<String> streamTopics) {
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(streamTopics).allTopicNames().get(5, TimeUnit.SECONDS).forEach((topic, description) ->
          description.partitions().forEach(partition ->
              latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest())));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS)
          .forEach((partition, info) -> ends.put(partition, info.offset()));
      return ends;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return Map.of();
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
