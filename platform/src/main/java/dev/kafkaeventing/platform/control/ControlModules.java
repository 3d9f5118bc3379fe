package dev.kafkaeventing.platform.control;

import dev.kafkaeventing.broker.control.BrokerControl;
import dev.kafkaeventing.broker.control.BrokerReconcilers;
import dev.kafkaeventing.broker.control.BrokerSettings;
import dev.kafkaeventing.broker.control.TriggerRoutes;
import dev.kafkaeventing.channel.control.ChannelControl;
import dev.kafkaeventing.channel.control.ChannelReconcilers;
import dev.kafkaeventing.channel.control.ChannelSettings;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.DerivedKafkaNames;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.flows.control.FlowReconcilers;
import dev.kafkaeventing.ingress.ReceiverRouteTable;
import dev.kafkaeventing.platform.PlatformConfig;
import dev.kafkaeventing.sources.apiserver.ApiServerSourceControl;
import dev.kafkaeventing.sources.apiserver.ApiServerSourceReconcilers;
import dev.kafkaeventing.sources.apiserver.ApiServerWatches;
import dev.kafkaeventing.sources.container.ContainerSourceControl;
import dev.kafkaeventing.sources.container.ContainerSourceReconcilers;
import dev.kafkaeventing.sources.container.ContainerSources;
import dev.kafkaeventing.sources.ping.PingSourceControl;
import dev.kafkaeventing.sources.ping.PingSourceReconcilers;
import dev.kafkaeventing.sources.kafka.ExternalClusters;
import dev.kafkaeventing.sources.kafka.KafkaSourceControl;
import dev.kafkaeventing.sources.kafka.KafkaSourceReconcilers;
import dev.kafkaeventing.serving.ServingBridge;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Wiring: hands each kind's module the narrow dependencies its reconcilers need, and lets it
 * register them. The one place the platform names the modules it serves; a new kind (sources, the
 * serving bridge) adds a line here, not a case in {@link ControlPlane}.
 */
final class ControlModules {

  private ControlModules() {}

  /**
   * What the modules hand back to the platform.
   *
   * @param triggers the Triggers' routes, for the admin API and metrics
   * @param containers the ContainerSources' processes, for their logs
   * @param closeables to close (in order) before the dispatcher
   */
  record Registered(TriggerRoutes triggers, ContainerSources containers, List<AutoCloseable> closeables) {}

  static Registered register(ReconcilerRegistry registry, ControlPorts ports, PlatformConfig config,
      KafkaTopics topics, Dispatcher dispatcher, ReceiverRouteTable routes, DerivedKafkaNames names, String ingressUrl,
      String bootstrapServers, ServingBridge serving, ApiServerWatches apiServer) {
    TriggerRoutes triggers = BrokerReconcilers.register(registry, new BrokerControl(ports, dispatcher, routes, topics,
        names, new BrokerSettings(config.defaultTopicPartitions(), config.defaultReplicationFactor(),
            config.maxEventBytes(), bootstrapServers), ingressUrl));
    ChannelReconcilers.register(registry, new ChannelControl(ports, dispatcher, routes, topics, names,
        new ChannelSettings(config.defaultTopicPartitions(), config.defaultReplicationFactor()), ingressUrl));
    FlowReconcilers.register(registry, ports);
    serving.register(registry, ports);
    ExternalClusters clusters = new ExternalClusters(externalProducerSettings(config));
    KafkaSourceReconcilers.register(registry, new KafkaSourceControl(ports, dispatcher, routes, topics, names,
        dispatcher.bootstrapServers(), ingressUrl, config.defaultTopicPartitions(), config.defaultReplicationFactor(),
        clusters));
    AutoCloseable pings = PingSourceReconcilers.register(registry, new PingSourceControl(ports, dispatcher, topics,
        bootstrapServers, config.instanceName(), config.defaultTopicPartitions(), config.defaultReplicationFactor(),
        PingSourceControl.DEFAULT_CATCH_UP));
    AutoCloseable apiServerSources = ApiServerSourceReconcilers.register(registry, new ApiServerSourceControl(ports,
        dispatcher, topics, bootstrapServers, config.instanceName(), config.defaultTopicPartitions(),
        config.defaultReplicationFactor(), apiServer));
    ContainerSources containers = ContainerSourceReconcilers.register(registry,
        new ContainerSourceControl(ports, config.dataDir().resolve("containersources")));
    return new Registered(triggers, containers, List.of(pings, apiServerSources, containers, clusters));
  }

  /**
   * A KafkaSink producer's settings on another cluster: the ingress producer's (durable, and failing
   * within the publish timeout), so a sink answers as a Broker does.
   */
  private static Map<String, Object> externalProducerSettings(PlatformConfig config) {
    long timeoutMs = config.publishTimeout().toMillis();
    int lingerMs = 5;
    return Map.of(
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, lingerMs,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxEventBytes() + 64 * 1024,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeoutMs - lingerMs),
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeoutMs));
  }
}
