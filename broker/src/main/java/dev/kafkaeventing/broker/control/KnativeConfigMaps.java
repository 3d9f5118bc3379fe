package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceParser;
import java.util.List;

/**
 * Knative's stock ConfigMaps in {@code knative-eventing}, with Knative's default contents, so that
 * Brokers from Knative's docs find them: {@code config-br-defaults} (Kafka Brokers configured by
 * {@code kafka-broker-config}), {@code config-br-default-channel} (KafkaChannel) and {@code
 * kafka-broker-config}. The platform creates them at start when absent and never overwrites them;
 * users edit them with {@code apply}.
 */
final class KnativeConfigMaps {

  static final String NAMESPACE = "knative-eventing";

  private KnativeConfigMaps() {}

  /**
   * @param bootstrapServers the platform's own cluster, for {@code kafka-broker-config}
   */
  static List<Resource> defaults(String bootstrapServers) {
    // Knative ships replication factor 3; one local Kafka broker holds one replica.
    String yaml = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: config-br-defaults
          namespace: %1$s
        data:
          default-br-config: |
            clusterDefault:
              brokerClass: Kafka
              apiVersion: v1
              kind: ConfigMap
              name: %2$s
              namespace: %1$s
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: config-br-default-channel
          namespace: %1$s
        data:
          channel-template-spec: |
            apiVersion: messaging.knative.dev/v1beta1
            kind: KafkaChannel
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %2$s
          namespace: %1$s
        data:
          default.topic.partitions: "10"
          default.topic.replication.factor: "1"
          bootstrap.servers: "%3$s"
        """.formatted(NAMESPACE, BrokerConfigKeys.KNATIVE_CONFIG_NAME, bootstrapServers);
    return ResourceParser.parse("<knative defaults>", yaml);
  }
}
