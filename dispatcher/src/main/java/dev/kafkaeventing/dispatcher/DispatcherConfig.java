package dev.kafkaeventing.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the broker data plane. Immutable.
 *
 * @param bootstrapServers the Kafka cluster
 * @param stateDir where Kafka Streams keeps local state
 * @param applicationIdPrefix prefix of each broker topology's {@code application.id}; instances
 *     with the same prefix share work
 * @param maxInFlightPerTrigger events in flight per Trigger on this instance, unless the Trigger
 *     sets its own limit
 * @param commitInterval how often offsets and the delivery queue are committed
 * @param streamThreads stream threads per broker topology
 * @param extraStreamsConfig further Kafka Streams settings, applied last
 * @param parkedTopic the compacted topic of parked events, shared by the instances of a deployment
 * @param replaysTopic the compacted topic recording replays, shared likewise
 * @param drainTimeout on close, how long deliveries in flight may take to finish before the rest
 *     is left queued for the next start
 */
public record BrokerDataPlaneConfig(
    String bootstrapServers,
    Path stateDir,
    String applicationIdPrefix,
    int maxInFlightPerTrigger,
    Duration commitInterval,
    int streamThreads,
    Map<String, Object> extraStreamsConfig,
    String parkedTopic,
    String replaysTopic,
    Duration drainTimeout) {

  public BrokerDataPlaneConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(applicationIdPrefix, "applicationIdPrefix");
    Objects.requireNonNull(parkedTopic, "parkedTopic");
    Objects.requireNonNull(replaysTopic, "replaysTopic");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (maxInFlightPerTrigger < 1) {
      throw new IllegalArgumentException("maxInFlightPerTrigger must be >= 1");
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("streamThreads must be >= 1");
    }
    extraStreamsConfig = Map.copyOf(extraStreamsConfig);
  }

  /**
   * Settings with the parked and replays topics named after {@code applicationIdPrefix}
   * ({@code <prefix>.parked}, {@code <prefix>.replays}) and a 10 s drain on close.
   */
  public BrokerDataPlaneConfig(String bootstrapServers, Path stateDir, String applicationIdPrefix,
      int maxInFlightPerTrigger, Duration commitInterval, int streamThreads, Map<String, Object> extraStreamsConfig) {
    this(bootstrapServers, stateDir, applicationIdPrefix, maxInFlightPerTrigger, commitInterval, streamThreads,
        extraStreamsConfig, applicationIdPrefix + ".parked", applicationIdPrefix + ".replays", Duration.ofSeconds(10));
  }

  /** Defaults for one instance: 100 events in flight per trigger, 1 s commits, 1 thread. */
  public static BrokerDataPlaneConfig defaults(String bootstrapServers, Path stateDir) {
    return new BrokerDataPlaneConfig(
        bootstrapServers, stateDir, "kafka-eventing-broker", 100, Duration.ofSeconds(1), 1, Map.of());
  }

  /** The same settings with the given parked and replays topics. */
  public BrokerDataPlaneConfig withTopics(String parked, String replays) {
    return new BrokerDataPlaneConfig(bootstrapServers, stateDir, applicationIdPrefix, maxInFlightPerTrigger,
        commitInterval, streamThreads, extraStreamsConfig, parked, replays, drainTimeout);
  }
}
