package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The keys of a Broker's ConfigMap that Knative's Kafka broker honours ({@code
 * default.topic.config.*}, {@code bootstrap.servers}), warnings for the others, and Knative's stock
 * ConfigMaps present from the first start.
 */
class CliBrokerConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldBeReadyWhenBrokerNamesKnativeConfigMapOnFreshPlatform() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();

    platform.apply(broker(ns, "docs", "kafka-broker-config", "knative-eventing"));

    platform.awaitReady("broker", ns, "docs");
    String topic = IngressRecords.brokerTopic(ns, "docs");
    assertThat(KafkaFixture.admin().describeTopics(List.of(topic)).allTopicNames().get()
        .get(topic).partitions()).as("Knative's default partitions").hasSize(10);
    JsonNode defaults = JSON.readTree(platform.cli("get", "configmap", "config-br-defaults", "-n", "knative-eventing",
        "-o", "json").out());
    assertThat(defaults.path("data").path("default-br-config").asText())
        .contains("brokerClass: Kafka").contains("name: kafka-broker-config");
    JsonNode channel = JSON.readTree(platform.cli("get", "configmap", "config-br-default-channel", "-n",
        "knative-eventing", "-o", "json").out());
    assertThat(channel.path("data").path("channel-template-spec").asText()).contains("kind: KafkaChannel");
  }

  @Test
  void shouldSetTopicConfigWhenConfigMapHasDefaultTopicConfig() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(configMap(ns, "retention", """
          default.topic.partitions: "2"
          default.topic.config.retention.ms: "3600000"
          bootstrap.servers: "%s"
        """.formatted(KafkaFixture.bootstrapServers())) + "---\n" + broker(ns, "kept-an-hour", "retention", ns));
    platform.awaitReady("broker", ns, "kept-an-hour");
    String topic = IngressRecords.brokerTopic(ns, "kept-an-hour");
    assertThat(topicConfig(topic, "retention.ms")).isEqualTo("3600000");

    platform.apply(configMap(ns, "retention", """
          default.topic.partitions: "2"
          default.topic.config.retention.ms: "7200000"
        """));

    await().atMost(Duration.ofSeconds(30)).until(() -> topicConfig(topic, "retention.ms"), "7200000"::equals);
  }

  @Test
  void shouldWarnOnApplyAndInDescribeWhenConfigMapHasUnknownKey() {
    String ns = PlatformHarness.uniqueNamespace();

    CliResult applied = platform.apply(configMap(ns, "typo", """
          default.topic.partiton: "2"
        """) + "---\n" + broker(ns, "warned", "typo", ns));

    assertThat(applied.err())
        .contains("Warning: ConfigMap " + ns + "/typo: key default.topic.partiton is ignored")
        .contains("did you mean default.topic.partitions?");
    assertThat(applied.err().lines().filter(l -> l.startsWith("Warning:")).count()).as("once").isEqualTo(1);
    platform.awaitReady("broker", ns, "warned");
    CliResult described = platform.cli("describe", "broker", "warned", "-n", ns);
    assertThat(described.out()).contains("configWarnings:").contains("default.topic.partiton");
  }

  @Test
  void shouldNotBeReadyWithExternalClusterNotSupportedWhenBootstrapServersNameAnotherCluster() {
    String ns = PlatformHarness.uniqueNamespace();

    platform.apply(configMap(ns, "elsewhere", """
          bootstrap.servers: "my-cluster-kafka-bootstrap.kafka:9092"
        """) + "---\n" + broker(ns, "remote", "elsewhere", ns));

    JsonNode ready = await().atMost(Duration.ofSeconds(30)).until(() -> readyCondition(ns, "remote"),
        c -> c != null && c.path("status").asText().equals("False"));
    assertThat(ready.path("reason").asText()).isEqualTo("ExternalClusterNotSupported");
    assertThat(ready.path("message").asText()).contains("my-cluster-kafka-bootstrap.kafka:9092");
  }

  private static String topicConfig(String topic, String name) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Map<ConfigResource, Config> configs = KafkaFixture.admin().describeConfigs(List.of(resource)).all().get();
    return configs.get(resource).get(name).value();
  }

  private static JsonNode readyCondition(String ns, String name) throws Exception {
    CliResult result = platform.cli("get", "broker", name, "-n", ns, "-o", "json");
    if (result.exitCode() != 0) {
      return null;
    }
    for (JsonNode condition : JSON.readTree(result.out()).path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition;
      }
    }
    return null;
  }

  private static String configMap(String ns, String name, String data) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
          namespace: %s
        data:
        %s""".formatted(name, ns, data);
  }

  private static String broker(String ns, String name, String configName, String configNamespace) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          annotations:
            eventing.knative.dev/broker.class: Kafka
          name: %s
          namespace: %s
        spec:
          config: {apiVersion: v1, kind: ConfigMap, name: %s, namespace: %s}
        """.formatted(name, ns, configName, configNamespace);
  }
}
