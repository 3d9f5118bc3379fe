package dev.kafkaeventing.platform;

import dev.kafkaeventing.dispatcher.DispatcherConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one platform instance. Immutable; built by the CLI from flags.
 *
 * @param dataDir where the embedded Kafka and the stream state live
 * @param bootstrapServers an existing Kafka cluster, or null to embed one
 * @param bindHost the address every server binds to
 * @param ingressPort broker and channel ingress (0 = any free port)
 * @param adminPort admin API (0 = any free port)
 * @param metricsPort Prometheus metrics (0 = any free port, -1 = off)
 * @param kafkaPort embedded Kafka's listener (0 = any free port)
 * @param kafkaControllerPort embedded Kafka's controller listener (0 = any free port)
 * @param maxEventBytes the largest request body the ingress accepts
 * @param defaultTopicPartitions partitions of a broker topic unless its config says otherwise
 * @param defaultReplicationFactor replication of a broker topic unless its config says otherwise
 * @param maxInFlightPerTrigger requests in flight per Trigger on this instance
 * @param instanceName names this instance's consumer groups and store; instances of one
 *     deployment share it
 * @param streamsConfig further Kafka Streams settings of the dispatcher's topologies, applied
 *     last; those that would break the delivery queue's guarantees are refused here
 */
public record PlatformConfig(
    Path dataDir,
    String bootstrapServers,
    String bindHost,
    int ingressPort,
    int adminPort,
    int metricsPort,
    int kafkaPort,
    int kafkaControllerPort,
    int maxEventBytes,
    int defaultTopicPartitions,
    short defaultReplicationFactor,
    int maxInFlightPerTrigger,
    String instanceName,
    Map<String, String> streamsConfig) {

  public PlatformConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    DispatcherConfig.checkExtraStreamsConfig(streamsConfig);
    streamsConfig = Map.copyOf(streamsConfig);
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(instanceName, "instanceName");
    if (maxEventBytes < 1024) {
      throw new IllegalArgumentException("maxEventBytes must be at least 1024");
    }
    if (defaultTopicPartitions < 1) {
      throw new IllegalArgumentException("defaultTopicPartitions must be at least 1");
    }
  }

  /** Settings without further Streams settings. */
  public PlatformConfig(Path dataDir, String bootstrapServers, String bindHost, int ingressPort, int adminPort,
      int metricsPort, int kafkaPort, int kafkaControllerPort, int maxEventBytes, int defaultTopicPartitions,
      short defaultReplicationFactor, int maxInFlightPerTrigger, String instanceName) {
    this(dataDir, bootstrapServers, bindHost, ingressPort, adminPort, metricsPort, kafkaPort, kafkaControllerPort,
        maxEventBytes, defaultTopicPartitions, defaultReplicationFactor, maxInFlightPerTrigger, instanceName,
        Map.of());
  }

  /** The defaults of DESIGN.md's port table, with data under {@code dataDir}. */
  public static PlatformConfig defaults(Path dataDir) {
    return new PlatformConfig(dataDir, null, "127.0.0.1", 8080, 8081, 9090, 9092, 9093,
        1024 * 1024, 10, (short) 1, 100, "kafka-eventing");
  }

  /** The same settings on ports picked by the OS, for tests. */
  public PlatformConfig withEphemeralPorts() {
    return new PlatformConfig(dataDir, bootstrapServers, bindHost, 0, 0, 0, 0, 0, maxEventBytes,
        defaultTopicPartitions, defaultReplicationFactor, maxInFlightPerTrigger, instanceName, streamsConfig);
  }

  public PlatformConfig withBootstrapServers(String servers) {
    return new PlatformConfig(dataDir, servers, bindHost, ingressPort, adminPort, metricsPort,
        kafkaPort, kafkaControllerPort, maxEventBytes, defaultTopicPartitions,
        defaultReplicationFactor, maxInFlightPerTrigger, instanceName, streamsConfig);
  }

  public boolean embedsKafka() {
    return bootstrapServers == null;
  }
}
