package dev.kafkaeventing.platform;

import dev.kafkaeventing.dispatcher.DispatcherConfig;
import dev.kafkaeventing.serving.runtime.LocalProcessRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one platform instance. Immutable; built by the CLI from flags.
 *
 * @param dataDir where the embedded Kafka and the stream state live
 * @param bootstrapServers an existing Kafka cluster, or null to embed one
 * @param bindHost the address every listener binds to unless {@code listeners} names another
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
 * @param publishTimeout the longest an ingress request waits for Kafka before it is answered 503
 *     with {@code Retry-After}
 * @param listeners per-listener bind addresses and connection limits
 * @param streamsConfig further Kafka Streams settings of the dispatcher's topologies, applied
 *     last; those that would break the delivery queue's guarantees are refused here
 * @param activatorPort the serving activator (0 = any free port)
 * @param breakerQueueDepth requests that may wait per revision in the activator
 * @param backlogInMemory entries of one Trigger's backlog per partition held in memory; further ones
 *     are kept as offsets and read again from the topic when their turn comes
 * @param replicaStartConcurrency replicas of Knative Services run as local processes that may be
 *     starting (spawned, not yet ready) at once; 0 for no limit
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
    Duration publishTimeout,
    Listeners listeners,
    Map<String, String> streamsConfig,
    int activatorPort,
    int breakerQueueDepth,
    int backlogInMemory,
    int replicaStartConcurrency) {

  /** The activator's default port. */
  public static final int DEFAULT_ACTIVATOR_PORT = 8082;

  /** Knative's default breaker queue depth per revision. */
  public static final int DEFAULT_BREAKER_QUEUE_DEPTH = 10_000;

  /** The default {@code publishTimeout}: shorter than the usual client timeouts. */
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);

  public PlatformConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(listeners, "listeners");
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
    Objects.requireNonNull(publishTimeout, "publishTimeout");
    if (publishTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("publishTimeout must be at least 100ms, got " + publishTimeout.toMillis() + "ms");
    }
    if (breakerQueueDepth < 1) {
      throw new IllegalArgumentException("breakerQueueDepth must be at least 1, got " + breakerQueueDepth);
    }
    if (backlogInMemory < 1) {
      throw new IllegalArgumentException("backlogInMemory must be at least 1, got " + backlogInMemory);
    }
    if (replicaStartConcurrency < 0) {
      throw new IllegalArgumentException("replicaStartConcurrency must not be negative, got "
          + replicaStartConcurrency);
    }
  }

  /** One replica starting at once per available processor. */
  public PlatformConfig(Path dataDir, String bootstrapServers, String bindHost, int ingressPort,
      int adminPort, int metricsPort, int kafkaPort, int kafkaControllerPort, int maxEventBytes,
      int defaultTopicPartitions, short defaultReplicationFactor, int maxInFlightPerTrigger,
      String instanceName, Duration publishTimeout, Listeners listeners, Map<String, String> streamsConfig,
      int activatorPort, int breakerQueueDepth, int backlogInMemory) {
    this(dataDir, bootstrapServers, bindHost, ingressPort, adminPort, metricsPort, kafkaPort, kafkaControllerPort,
        maxEventBytes, defaultTopicPartitions, defaultReplicationFactor, maxInFlightPerTrigger, instanceName,
        publishTimeout, listeners, streamsConfig, activatorPort, breakerQueueDepth, backlogInMemory,
        LocalProcessRuntime.defaultStartConcurrency());
  }

  /** The default backlog held in memory ({@link DispatcherConfig#DEFAULT_BACKLOG_IN_MEMORY}). */
  public PlatformConfig(Path dataDir, String bootstrapServers, String bindHost, int ingressPort,
      int adminPort, int metricsPort, int kafkaPort, int kafkaControllerPort, int maxEventBytes,
      int defaultTopicPartitions, short defaultReplicationFactor, int maxInFlightPerTrigger,
      String instanceName, Duration publishTimeout, Listeners listeners, Map<String, String> streamsConfig,
      int activatorPort, int breakerQueueDepth) {
    this(dataDir, bootstrapServers, bindHost, ingressPort, adminPort, metricsPort, kafkaPort, kafkaControllerPort,
        maxEventBytes, defaultTopicPartitions, defaultReplicationFactor, maxInFlightPerTrigger, instanceName,
        publishTimeout, listeners, streamsConfig, activatorPort, breakerQueueDepth,
        DispatcherConfig.DEFAULT_BACKLOG_IN_MEMORY);
  }

  /**
   * The default activator settings; the activator's port follows the ingress's: any free port when
   * the ingress has one, {@value #DEFAULT_ACTIVATOR_PORT} otherwise.
   */
  public PlatformConfig(Path dataDir, String bootstrapServers, String bindHost, int ingressPort,
      int adminPort, int metricsPort, int kafkaPort, int kafkaControllerPort, int maxEventBytes,
      int defaultTopicPartitions, short defaultReplicationFactor, int maxInFlightPerTrigger,
      String instanceName, Duration publishTimeout, Listeners listeners, Map<String, String> streamsConfig) {
    this(dataDir, bootstrapServers, bindHost, ingressPort, adminPort, metricsPort, kafkaPort, kafkaControllerPort,
        maxEventBytes, defaultTopicPartitions, defaultReplicationFactor, maxInFlightPerTrigger, instanceName,
        publishTimeout, listeners, streamsConfig, ingressPort == 0 ? 0 : DEFAULT_ACTIVATOR_PORT,
        DEFAULT_BREAKER_QUEUE_DEPTH);
  }

  /** Every listener on {@code bindHost}, with the default connection limits and publish timeout, no further Streams settings. */
  public PlatformConfig(Path dataDir, String bootstrapServers, String bindHost, int ingressPort,
      int adminPort, int metricsPort, int kafkaPort, int kafkaControllerPort, int maxEventBytes,
      int defaultTopicPartitions, short defaultReplicationFactor, int maxInFlightPerTrigger,
      String instanceName) {
    this(dataDir, bootstrapServers, bindHost, ingressPort, adminPort, metricsPort, kafkaPort,
        kafkaControllerPort, maxEventBytes, defaultTopicPartitions, defaultReplicationFactor,
        maxInFlightPerTrigger, instanceName, DEFAULT_PUBLISH_TIMEOUT, Listeners.defaults(), Map.of());
  }

  /** The defaults of DESIGN.md's port table, with data under {@code dataDir}. */
  public static PlatformConfig defaults(Path dataDir) {
    return new PlatformConfig(dataDir, null, "127.0.0.1", 8080, 8081, 9090, 9092, 9093,
        1024 * 1024, 10, (short) 1, 100, "kafka-eventing");
  }

  /** The same settings on ports picked by the OS, for tests. */
  public PlatformConfig withEphemeralPorts() {
    return new PlatformConfig(dataDir, bootstrapServers, bindHost, 0, 0, 0, 0, 0, maxEventBytes,
        defaultTopicPartitions, defaultReplicationFactor, maxInFlightPerTrigger, instanceName, publishTimeout,
        listeners, streamsConfig, 0, breakerQueueDepth, backlogInMemory, replicaStartConcurrency);
  }

  public PlatformConfig withBootstrapServers(String servers) {
    return new PlatformConfig(dataDir, servers, bindHost, ingressPort, adminPort, metricsPort,
        kafkaPort, kafkaControllerPort, maxEventBytes, defaultTopicPartitions,
        defaultReplicationFactor, maxInFlightPerTrigger, instanceName, publishTimeout, listeners, streamsConfig,
        activatorPort, breakerQueueDepth, backlogInMemory, replicaStartConcurrency);
  }

  /** A copy with another ingress publish timeout. */
  public PlatformConfig withPublishTimeout(Duration timeout) {
    return new PlatformConfig(dataDir, bootstrapServers, bindHost, ingressPort, adminPort, metricsPort,
        kafkaPort, kafkaControllerPort, maxEventBytes, defaultTopicPartitions,
        defaultReplicationFactor, maxInFlightPerTrigger, instanceName, timeout, listeners, streamsConfig,
        activatorPort, breakerQueueDepth, backlogInMemory, replicaStartConcurrency);
  }

  public PlatformConfig withListeners(Listeners newListeners) {
    return new PlatformConfig(dataDir, bootstrapServers, bindHost, ingressPort, adminPort, metricsPort,
        kafkaPort, kafkaControllerPort, maxEventBytes, defaultTopicPartitions,
        defaultReplicationFactor, maxInFlightPerTrigger, instanceName, publishTimeout, newListeners, streamsConfig,
        activatorPort, breakerQueueDepth, backlogInMemory, replicaStartConcurrency);
  }

  /** A copy with other activator settings. */
  public PlatformConfig withActivator(int port, int queueDepth) {
    return new PlatformConfig(dataDir, bootstrapServers, bindHost, ingressPort, adminPort, metricsPort,
        kafkaPort, kafkaControllerPort, maxEventBytes, defaultTopicPartitions,
        defaultReplicationFactor, maxInFlightPerTrigger, instanceName, publishTimeout, listeners, streamsConfig,
        port, queueDepth, backlogInMemory, replicaStartConcurrency);
  }

  /** A copy holding {@code entries} of a Trigger's backlog per partition in memory. */
  public PlatformConfig withBacklogInMemory(int entries) {
    return new PlatformConfig(dataDir, bootstrapServers, bindHost, ingressPort, adminPort, metricsPort,
        kafkaPort, kafkaControllerPort, maxEventBytes, defaultTopicPartitions,
        defaultReplicationFactor, maxInFlightPerTrigger, instanceName, publishTimeout, listeners, streamsConfig,
        activatorPort, breakerQueueDepth, entries, replicaStartConcurrency);
  }

  /** A copy letting {@code replicas} replicas of Knative Services start at once (0: no limit). */
  public PlatformConfig withReplicaStartConcurrency(int replicas) {
    return new PlatformConfig(dataDir, bootstrapServers, bindHost, ingressPort, adminPort, metricsPort,
        kafkaPort, kafkaControllerPort, maxEventBytes, defaultTopicPartitions,
        defaultReplicationFactor, maxInFlightPerTrigger, instanceName, publishTimeout, listeners, streamsConfig,
        activatorPort, breakerQueueDepth, backlogInMemory, replicas);
  }

  /** The activator's bind address. */
  public String activatorBind() {
    return listeners.activatorBind() != null ? listeners.activatorBind() : bindHost;
  }

  /** The ingress's bind address. */
  public String ingressBind() {
    return listeners.ingressBind() != null ? listeners.ingressBind() : bindHost;
  }

  /** The admin API's bind address. */
  public String adminBind() {
    return listeners.adminBind() != null ? listeners.adminBind() : bindHost;
  }

  /** The metrics listener's bind address. */
  public String metricsBind() {
    return listeners.metricsBind() != null ? listeners.metricsBind() : bindHost;
  }

  /** The embedded Kafka's bind address (also the address its clients are told). */
  public String kafkaBind() {
    return listeners.kafkaBind() != null ? listeners.kafkaBind() : bindHost;
  }

  public boolean embedsKafka() {
    return bootstrapServers == null;
  }
}
