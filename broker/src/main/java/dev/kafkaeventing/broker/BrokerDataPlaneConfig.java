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
 * @param maxInFlightPerTrigger requests in flight per Trigger on this instance (unordered triggers)
 * @param commitInterval how often offsets and the delivery queue are committed
 * @param streamThreads stream threads per broker topology
 * @param extraStreamsConfig further Kafka Streams settings, applied last
 */
public record BrokerDataPlaneConfig(
    String bootstrapServers,
    Path stateDir,
    String applicationIdPrefix,
    int maxInFlightPerTrigger,
    Duration commitInterval,
    int streamThreads,
    Map<String, Object> extraStreamsConfig) {

  public BrokerDataPlaneConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(applicationIdPrefix, "applicationIdPrefix");
    if (maxInFlightPerTrigger < 1) {
      throw new IllegalArgumentException("maxInFlightPerTrigger must be >= 1");
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("streamThreads must be >= 1");
    }
    extraStreamsConfig = Map.copyOf(extraStreamsConfig);
  }

  /** Defaults for one instance: 100 requests in flight per trigger, 1 s commits, 1 thread. */
  public static BrokerDataPlaneConfig defaults(String bootstrapServers, Path stateDir) {
    return new BrokerDataPlaneConfig(
        bootstrapServers, stateDir, "kafka-eventing-broker", 100, Duration.ofSeconds(1), 1, Map.of());
  }
}
