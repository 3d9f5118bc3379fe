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
import dev.kafkaeventing.serving.ServingBridge;

/**
 * Wiring: hands each kind's module the narrow dependencies its reconcilers need, and lets it
 * register them. The one place the platform names the modules it serves; a new kind (sources, the
 * serving bridge) adds a line here, not a case in {@link ControlPlane}.
 */
final class ControlModules {

  private ControlModules() {}

  /** @return the Triggers' routes, for the admin API and metrics */
  static TriggerRoutes register(ReconcilerRegistry registry, ControlPorts ports, PlatformConfig config,
      KafkaTopics topics, Dispatcher dispatcher, ReceiverRouteTable routes, DerivedKafkaNames names, String ingressUrl,
      ServingBridge serving) {
    TriggerRoutes triggers = BrokerReconcilers.register(registry, new BrokerControl(ports, dispatcher, routes, topics,
        names, new BrokerSettings(config.defaultTopicPartitions(), config.defaultReplicationFactor(),
            config.maxEventBytes()), ingressUrl));
    ChannelReconcilers.register(registry, new ChannelControl(ports, dispatcher, routes, topics, names,
        new ChannelSettings(config.defaultTopicPartitions(), config.defaultReplicationFactor()), ingressUrl));
    FlowReconcilers.register(registry, ports);
    serving.register(registry, ports);
    return triggers;
  }
}
