package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Broker's topic, as Knative's Kafka broker manages it: sized by the ConfigMap in
 * {@code spec.config}, deleted with the Broker, or given by the external-topic annotation (then
 * used as is and kept when the Broker goes).
 */
class CliBrokerTopicTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXTERNAL_TOPIC = "kafka.eventing.knative.dev/external.topic";

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
  void shouldCreateTopicWithConfiguredPartitionsWhenBrokerReferencesKnativeConfigMap() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();

    platform.apply(kafkaBrokerConfig("7") + "---\n" + """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          annotations:
            eventing.knative.dev/broker.class: Kafka
          name: sized
          namespace: %s
        spec:
          config:
            apiVersion: v1
            kind: ConfigMap
            name: kafka-broker-config
            namespace: knative-eventing
        """.formatted(ns));
    platform.awaitReady("broker", ns, "sized");

    String topic = IngressRecords.brokerTopic(ns, "sized");
    assertThat(KafkaFixture.admin().describeTopics(List.of(topic)).allTopicNames().get()
        .get(topic).partitions()).hasSize(7);
    CliResult described = CliRunner.run(platform, "describe", "broker", "sized", "-n", ns);
    assertThat(described.out()).contains("topic: " + topic).contains("partitions: 7");
  }

  @Test
  void shouldNotBeReadyWithReasonWhenConfigMapIsMissing() {
    String ns = PlatformHarness.uniqueNamespace();

    platform.apply(configuredBroker(ns, "unconfigured", "no-such-config"));

    JsonNode ready = awaitReadyCondition(ns, "unconfigured", "False");
    assertThat(ready.path("reason").asText()).isEqualTo("ConfigMapNotFound");
    assertThat(ready.path("message").asText()).contains("no-such-config");
  }

  @Test
  void shouldBecomeReadyWhenConfigMapInAnotherNamespaceIsAppliedAfterBroker() {
    String ns = PlatformHarness.uniqueNamespace();
    String configName = "late-" + ns;
    platform.apply(configuredBroker(ns, "waiting", configName));
    awaitReadyCondition(ns, "waiting", "False");

    platform.apply(kafkaBrokerConfig("2").replace("kafka-broker-config", configName));

    platform.awaitReady("broker", ns, "waiting");
  }

  @Test
  void shouldDeleteTopicWhenBrokerIsDeleted() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(CliGetTest.broker(ns, "short-lived"));
    platform.awaitReady("broker", ns, "short-lived");
    String topic = IngressRecords.brokerTopic(ns, "short-lived");
    assertThat(CliGetTest.topicExists(topic)).isTrue();

    CliResult deleted = CliRunner.run(platform, "delete", "broker", "short-lived", "-n", ns);

    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    await().atMost(KafkaFixture.TIMEOUT).until(() -> !CliGetTest.topicExists(topic));
  }

  @Test
  void shouldUseAndKeepExternalTopicWhenBrokerHasExternalTopicAnnotation() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String topic = KafkaFixture.createTopic("external", 2);
    platform.apply(externalBroker(ns, "bring-your-own", topic));
    platform.awaitReady("broker", ns, "bring-your-own");

    int status = PlatformHarness.postEvent(platform.brokerUrl(ns, "bring-your-own"), "ext-1", "t", "{}").statusCode();
    CliResult described = CliRunner.run(platform, "describe", "broker", "bring-your-own", "-n", ns);
    CliRunner.run(platform, "delete", "broker", "bring-your-own", "-n", ns);
    awaitReconcilerPassedDelete();

    assertThat(status).isEqualTo(202);
    assertThat(described.out()).contains("topic: " + topic).contains("partitions: 2");
    assertThat(CliGetTest.topicExists(IngressRecords.brokerTopic(ns, "bring-your-own")))
        .as("a topic of its own").isFalse();
    assertThat(CliGetTest.topicExists(topic)).as("external topic kept").isTrue();
    assertThat(IngressRecords.recordWithId(topic, "ext-1").value()).isEqualTo(IngressRecords.utf8("{}"));
  }

  @Test
  void shouldNotBeReadyWithTopicNotPresentWhenExternalTopicIsMissing() {
    String ns = PlatformHarness.uniqueNamespace();
    String topic = KafkaFixture.uniqueTopic("missing-external");

    platform.apply(externalBroker(ns, "dangling", topic));

    JsonNode ready = awaitReadyCondition(ns, "dangling", "False");
    assertThat(ready.path("reason").asText()).isEqualTo("TopicNotPresent");
    assertThat(ready.path("message").asText()).contains(topic);
    // Declared but not served: publishers are told to come back, not that the Broker does not exist.
    var response = PlatformHarness.postEvent(platform.brokerUrl(ns, "dangling"), "1", "t", "{}");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
  }

  /**
   * Reconciles run one at a time in order: once a Broker applied after a delete is Ready, the
   * delete has been handled.
   */
  private static void awaitReconcilerPassedDelete() {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(CliGetTest.broker(ns, "barrier"));
    platform.awaitReady("broker", ns, "barrier");
  }

  private static JsonNode awaitReadyCondition(String ns, String name, String status) {
    return await().atMost(Duration.ofSeconds(60)).until(() -> readyCondition(ns, name),
        c -> c != null && c.path("status").asText().equals(status));
  }

  private static JsonNode readyCondition(String ns, String name) throws Exception {
    CliResult result = CliRunner.run(platform, "get", "broker", name, "-n", ns, "-o", "json");
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

  /** Knative's {@code kafka-broker-config}, sized for a one-node Kafka, on the platform's own cluster. */
  private static String kafkaBrokerConfig(String partitions) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: kafka-broker-config
          namespace: knative-eventing
        data:
          default.topic.partitions: "%s"
          default.topic.replication.factor: "1"
          bootstrap.servers: "%s"
        """.formatted(partitions, KafkaFixture.bootstrapServers());
  }

  private static String configuredBroker(String ns, String name, String configName) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: %s
          namespace: %s
        spec:
          config: {apiVersion: v1, kind: ConfigMap, name: %s, namespace: knative-eventing}
        """.formatted(name, ns, configName);
  }

  private static String externalBroker(String ns, String name, String topic) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          annotations:
            eventing.knative.dev/broker.class: Kafka
            %s: %s
          name: %s
          namespace: %s
        """.formatted(EXTERNAL_TOPIC, topic, name, ns);
  }
}
