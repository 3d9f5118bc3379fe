package dev.kafkaeventing.dispatcher;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the dispatcher. Immutable.
 *
 * @param bootstrapServers the Kafka cluster
 * @param stateDir where Kafka Streams keeps local state
 * @param applicationIdPrefix prefix of each stream topology's {@code application.id}, which is
 *     {@code <prefix>-<kind>-<namespace>-<name>} (e.g. {@code <instance>-broker-default-orders});
 *     instances with the same prefix share work
 * @param maxInFlightPerRoute events in flight per route on this instance, unless the route
 *     sets its own limit
 * @param commitInterval how often offsets and the delivery queue are committed
 * @param streamThreads stream threads per stream topology
 * @param extraStreamsConfig further Kafka Streams settings, applied last; settings that would
 *     break the delivery queue's invariant are refused (see {@link #checkExtraStreamsConfig})
 * @param parkedTopic the compacted topic of parked events, shared by the instances of a deployment
 * @param replaysTopic the compacted topic recording replays, shared likewise
 * @param drainTimeout on close, how long deliveries in flight may take to finish before the rest
 *     is left queued for the next start
 * @param clientProperties Kafka client properties of the cluster ({@code security.protocol},
 *     {@code sasl.*}, {@code ssl.*}) added to every client the dispatcher opens on it
 * @param backlogInMemory entries of one route waiting in one stream task (one partition) that are
 *     held in memory; further ones are kept as offsets in the topic and read again when their
 *     turn comes, so a route far behind costs tens of bytes an entry (default {@value
 *     #DEFAULT_BACKLOG_IN_MEMORY})
 */
public record DispatcherConfig(
    String bootstrapServers,
    Path stateDir,
    String applicationIdPrefix,
    int maxInFlightPerRoute,
    Duration commitInterval,
    int streamThreads,
    Map<String, Object> extraStreamsConfig,
    String parkedTopic,
    String replaysTopic,
    Duration drainTimeout,
    Map<String, String> clientProperties,
    int backlogInMemory) {

  /** Entries of a route waiting per partition before further ones are kept as offsets. */
  public static final int DEFAULT_BACKLOG_IN_MEMORY = 500;

  public DispatcherConfig(String bootstrapServers, Path stateDir, String applicationIdPrefix, int maxInFlightPerRoute,
      Duration commitInterval, int streamThreads, Map<String, Object> extraStreamsConfig, String parkedTopic,
      String replaysTopic, Duration drainTimeout, Map<String, String> clientProperties) {
    this(bootstrapServers, stateDir, applicationIdPrefix, maxInFlightPerRoute, commitInterval, streamThreads,
        extraStreamsConfig, parkedTopic, replaysTopic, drainTimeout, clientProperties, DEFAULT_BACKLOG_IN_MEMORY);
  }

  public DispatcherConfig(String bootstrapServers, Path stateDir, String applicationIdPrefix, int maxInFlightPerRoute,
      Duration commitInterval, int streamThreads, Map<String, Object> extraStreamsConfig, String parkedTopic,
      String replaysTopic, Duration drainTimeout) {
    this(bootstrapServers, stateDir, applicationIdPrefix, maxInFlightPerRoute, commitInterval, streamThreads,
        extraStreamsConfig, parkedTopic, replaysTopic, drainTimeout, Map.of());
  }

  public DispatcherConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(applicationIdPrefix, "applicationIdPrefix");
    Objects.requireNonNull(parkedTopic, "parkedTopic");
    Objects.requireNonNull(replaysTopic, "replaysTopic");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (maxInFlightPerRoute < 1) {
      throw new IllegalArgumentException("maxInFlightPerRoute must be >= 1");
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("streamThreads must be >= 1");
    }
    if (backlogInMemory < 1) {
      throw new IllegalArgumentException("backlogInMemory must be >= 1, got " + backlogInMemory);
    }
    checkExtraStreamsConfig(extraStreamsConfig);
    extraStreamsConfig = Map.copyOf(extraStreamsConfig);
    clientProperties = Map.copyOf(Objects.requireNonNull(clientProperties, "clientProperties"));
  }

  /** The cluster as its clients reach it: bootstrap servers and client properties. */
  public KafkaCluster cluster() {
    return new KafkaCluster(bootstrapServers, clientProperties);
  }

  /** The same settings with these Kafka client properties on every client. */
  public DispatcherConfig withClientProperties(Map<String, String> properties) {
    return new DispatcherConfig(bootstrapServers, stateDir, applicationIdPrefix, maxInFlightPerRoute,
        commitInterval, streamThreads, extraStreamsConfig, parkedTopic, replaysTopic, drainTimeout, properties,
        backlogInMemory);
  }

  /** The same settings with {@code entries} of a route's backlog per partition held in memory. */
  public DispatcherConfig withBacklogInMemory(int entries) {
    return new DispatcherConfig(bootstrapServers, stateDir, applicationIdPrefix, maxInFlightPerRoute,
        commitInterval, streamThreads, extraStreamsConfig, parkedTopic, replaysTopic, drainTimeout, clientProperties,
        entries);
  }

  /**
   * Refuses user-supplied Streams, consumer and producer settings (also with their {@code
   * consumer.}, {@code main.consumer.}, {@code producer.}... prefixes) that would let offsets
   * commit ahead of the delivery queue's changelog: {@code processing.guarantee} other than {@code
   * at_least_once}, {@code enable.auto.commit}, {@code isolation.level}, {@code transactional.id}
   * and {@code default.client.supplier}.
   *
   * @throws IllegalArgumentException naming the setting and why it is refused
   */
  public static void checkExtraStreamsConfig(Map<String, ?> settings) {
    UnsafeStreamsSettings.refuse(settings);
  }

  /**
   * Settings with the parked and replays topics named after {@code applicationIdPrefix}
   * ({@code <prefix>.parked}, {@code <prefix>.replays}) and a 10 s drain on close.
   */
  public DispatcherConfig(String bootstrapServers, Path stateDir, String applicationIdPrefix,
      int maxInFlightPerRoute, Duration commitInterval, int streamThreads, Map<String, Object> extraStreamsConfig) {
    this(bootstrapServers, stateDir, applicationIdPrefix, maxInFlightPerRoute, commitInterval, streamThreads,
        extraStreamsConfig, applicationIdPrefix + ".parked", applicationIdPrefix + ".replays", Duration.ofSeconds(10));
  }

  /** Defaults for one instance: 100 events in flight per route, 1 s commits, 1 thread. */
  public static DispatcherConfig defaults(String bootstrapServers, Path stateDir) {
    return new DispatcherConfig(
        bootstrapServers, stateDir, "kafka-eventing", 100, Duration.ofSeconds(1), 1, Map.of());
  }

  /** The same settings with the given parked and replays topics. */
  public DispatcherConfig withTopics(String parked, String replays) {
    return new DispatcherConfig(bootstrapServers, stateDir, applicationIdPrefix, maxInFlightPerRoute,
        commitInterval, streamThreads, extraStreamsConfig, parked, replays, drainTimeout, clientProperties,
        backlogInMemory);
  }
}
