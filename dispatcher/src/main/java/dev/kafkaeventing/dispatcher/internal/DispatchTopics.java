package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.core.kafka.TopicInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

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
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
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
   * Creates {@code directedTopic} with the partitions and replication of {@code streamTopic}, so a
   * copy lands in the task of its original.
   */
  public ReplayTarget ensureDirected(String streamTopic, String directedTopic) {
    TopicInfo info = topics.awaitTopic(streamTopic, TIMEOUT);
    topics.ensureTopic(directedTopic, info.partitions(), (short) info.replicationFactor(), Map.of(), TIMEOUT);
    TopicInfo created = topics.awaitTopic(directedTopic, TIMEOUT);
    return new ReplayTarget(streamTopic, directedTopic, created.partitions());
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
