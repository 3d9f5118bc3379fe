package dev.kafkaeventing.core.kafka;

import static dev.kafkaeventing.core.kafka.KafkaFutures.await;
import static dev.kafkaeventing.core.kafka.KafkaFutures.mapOrRecover;
import static dev.kafkaeventing.core.kafka.KafkaFutures.toCompletable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Idempotent topic administration over a Kafka {@link Admin} client: create if missing, delete if
 * present, describe, end offsets.
 *
 * <p>Each operation comes as an asynchronous method returning a {@link CompletableFuture} (whose
 * dependents may run on the admin client's I/O thread: keep them short) and as a blocking method
 * taking a timeout, which throws Kafka's unchecked exceptions ({@link TimeoutException} when the
 * timeout passes). Thread-safe. The admin client is borrowed: the caller creates and closes it.
 */
public final class KafkaTopics {

  private static final Duration RETRY_BACKOFF = Duration.ofMillis(50);

  private final Admin admin;

  public KafkaTopics(Admin admin) {
    this.admin = Objects.requireNonNull(admin, "admin");
  }

  /**
   * Creates a topic unless it exists. An existing topic is left as it is, even when its
   * partitions or configs differ from those asked for.
   *
   * @return a future of {@code true} when this call created the topic, {@code false} when it existed
   */
  public CompletableFuture<Boolean> ensureTopicAsync(
      String name, int partitions, short replicationFactor, Map<String, String> configs) {
    NewTopic topic = new NewTopic(name, partitions, replicationFactor).configs(Map.copyOf(configs));
    return mapOrRecover(toCompletable(admin.createTopics(List.of(topic)).all()),
        created -> true, TopicExistsException.class, false);
  }

  /** Blocking {@link #ensureTopicAsync}. */
  public boolean ensureTopic(String name, int partitions, short replicationFactor,
      Map<String, String> configs, Duration timeout) {
    return await(ensureTopicAsync(name, partitions, replicationFactor, configs), timeout);
  }

  /**
   * Sets configs of an existing topic ({@code incrementalAlterConfigs}, operation SET): the named
   * configs take the given values, the others keep theirs. Blocking.
   *
   * @throws org.apache.kafka.common.errors.InvalidConfigurationException when Kafka refuses a value
   */
  public void setConfigs(String name, Map<String, String> configs, Duration timeout) {
    if (configs.isEmpty()) {
      return;
    }
    List<AlterConfigOp> ops = configs.entrySet().stream()
        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
        .toList();
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
    await(toCompletable(admin.incrementalAlterConfigs(Map.of(topic, ops)).all()), timeout);
  }

  /**
   * Deletes a topic if it exists.
   *
   * @return a future of {@code true} when this call deleted it, {@code false} when it was missing
   */
  public CompletableFuture<Boolean> deleteTopicAsync(String name) {
    return mapOrRecover(toCompletable(admin.deleteTopics(List.of(name)).all()),
        deleted -> true, UnknownTopicOrPartitionException.class, false);
  }

  /** Blocking {@link #deleteTopicAsync}. */
  public boolean deleteTopic(String name, Duration timeout) {
    return await(deleteTopicAsync(name), timeout);
  }

  /** A future of the topic's shape, or of empty when the topic does not exist. */
  public CompletableFuture<Optional<TopicInfo>> describeAsync(String name) {
    return mapOrRecover(toCompletable(admin.describeTopics(List.of(name)).allTopicNames()),
        descriptions -> Optional.of(toInfo(descriptions.get(name))),
        UnknownTopicOrPartitionException.class, Optional.empty());
  }

  /** Blocking {@link #describeAsync}. */
  public Optional<TopicInfo> describe(String name, Duration timeout) {
    return await(describeAsync(name), timeout);
  }

  /**
   * A future of the topic's shape once the cluster shows it. Kafka acknowledges a new topic
   * before every broker knows it, so a describe, produce or consume right after
   * {@link #ensureTopicAsync} can still miss it; this polls until it shows.
   *
   * @return a future failing with {@link TimeoutException} when the topic is not visible in time
   */
  public CompletableFuture<TopicInfo> awaitTopicAsync(String name, Duration timeout) {
    return awaitTopic(name, System.nanoTime() + timeout.toNanos(), timeout);
  }

  /** Blocking {@link #awaitTopicAsync}. */
  public TopicInfo awaitTopic(String name, Duration timeout) {
    try {
      return await(awaitTopicAsync(name, timeout), timeout);
    } catch (TimeoutException e) {
      throw new TimeoutException("Topic " + name + " not visible within " + timeout, e);
    }
  }

  /**
   * A future of the end offset (the offset the next record will get) of every partition of an
   * existing topic; fails with {@link UnknownTopicOrPartitionException} when it is missing.
   */
  public CompletableFuture<Map<TopicPartition, Long>> endOffsetsAsync(String topic) {
    return toCompletable(admin.describeTopics(List.of(topic)).allTopicNames())
        .thenCompose(descriptions -> {
          Map<TopicPartition, OffsetSpec> latest = descriptions.get(topic).partitions().stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
          return toCompletable(admin.listOffsets(latest).all());
        })
        .thenApply(offsets -> offsets.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().offset())));
  }

  /**
   * The offsets a consumer group committed, by partition (partitions without a commit are absent;
   * an unknown group gives an empty map). Blocking.
   */
  public Map<TopicPartition, Long> committedOffsets(String group, Duration timeout) {
    return await(toCompletable(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
        .thenApply(offsets -> offsets.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().offset()))), timeout);
  }

  /** Blocking {@link #endOffsetsAsync}. */
  public Map<TopicPartition, Long> endOffsets(String topic, Duration timeout) {
    return await(endOffsetsAsync(topic), timeout);
  }

  /**
   * The sum of the end offsets of a topic's partitions: the number of records ever written to it
   * (transaction markers included), whatever retention or compaction removed since.
   */
  public long totalEndOffset(String topic, Duration timeout) {
    return endOffsets(topic, timeout).values().stream().mapToLong(Long::longValue).sum();
  }

  private CompletableFuture<TopicInfo> awaitTopic(String name, long deadline, Duration timeout) {
    return describeAsync(name).thenCompose(info -> {
      if (info.isPresent()) {
        return CompletableFuture.completedFuture(info.get());
      }
      if (System.nanoTime() >= deadline) {
        return CompletableFuture.failedFuture(
            new TimeoutException("Topic " + name + " not visible within " + timeout));
      }
      Executor later = CompletableFuture.delayedExecutor(
          RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
      return CompletableFuture.supplyAsync(() -> name, later)
          .thenCompose(n -> awaitTopic(n, deadline, timeout));
    });
  }

  private static TopicInfo toInfo(TopicDescription description) {
    int replicas = description.partitions().isEmpty()
        ? 1 : description.partitions().get(0).replicas().size();
    return new TopicInfo(description.name(), description.partitions().size(), replicas);
  }
}
