package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.platform.kafka.EmbeddedKafka;
import dev.kafkaeventing.platform.kafka.EmbeddedKafkaConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KafkaSink and KafkaSource on a second Kafka cluster (another embedded broker, started for this
 * class: about 3 s on these machines), and the Secrets their security settings name.
 */
class ExternalClusterTest {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalClusterTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dataDir;
  private static EmbeddedKafka other;
  private static Admin otherAdmin;
  private static PlatformHarness platform;

  @BeforeAll
  static void start() throws IOException {
    dataDir = Files.createTempDirectory("kafka-other");
    long started = System.nanoTime();
    other = EmbeddedKafka.start(EmbeddedKafkaConfig.withFreePorts(dataDir));
    LOG.info("Second broker at {} started in {} ms", other.bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000);
    otherAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, other.bootstrapServers()));
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (platform != null) {
      platform.close();
    }
    if (otherAdmin != null) {
      otherAdmin.close();
    }
    if (other != null) {
      other.close();
    }
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Set<String> otherTopics() throws Exception {
    return otherAdmin.listTopics().names().get();
  }

  private static JsonNode readyCondition(String kind, String ns, String name) throws Exception {
    JsonNode status = JSON.readTree(platform.cli("get", kind, name, "-n", ns, "-o", "json").out()).path("status");
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition;
      }
    }
    return null;
  }

  @Test
  void shouldWriteToTheOtherClusterAndDeleteTheTopicItCreatedWhenKafkaSinkNamesIt() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String topic = "ext-sink-" + UUID.randomUUID();

    platform.apply("""
        apiVersion: eventing.knative.dev/v1alpha1
        kind: KafkaSink
        metadata: {name: remote, namespace: %s}
        spec:
          topic: %s
          numPartitions: 2
          bootstrapServers: ["%s"]
        """.formatted(ns, topic, other.bootstrapServers()));
    platform.awaitReady("kafkasink", ns, "remote");
    int status = PlatformHarness.postEvent(platform.ingressUrl() + "/sinks/" + ns + "/remote", "e-1", "t",
        "{\"on\":\"other\"}").statusCode();
    List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(other.bootstrapServers(), topic, 1,
        Duration.ofSeconds(20), new ByteArrayDeserializer(), new ByteArrayDeserializer());

    assertThat(status).isEqualTo(202);
    assertThat(records).hasSize(1);
    assertThat(new String(records.get(0).headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
        .isEqualTo("e-1");
    assertThat(otherAdmin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(2);
    assertThat(KafkaFixture.admin().listTopics().names().get()).doesNotContain(topic);

    platform.cli("delete", "kafkasink", "remote", "-n", ns);

    await().atMost(Duration.ofSeconds(20)).until(() -> !otherTopics().contains(topic));
  }

  @Test
  void shouldDeliverRecordsAndKeepTheQueueChangelogOnTheOtherClusterWhenKafkaSourceReadsIt() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String topic = "ext-src-" + UUID.randomUUID();
    String group = "it-ext-" + ns;
    otherAdmin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, other.bootstrapServers()), new StringSerializer(),
        new StringSerializer())) {
      for (int i = 0; i < 20; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + (i % 4), "v" + i)).get();
      }
    }

    try (RecordingSubscriber sink = RecordingSubscriber.start()) {
      platform.apply("""
          apiVersion: sources.knative.dev/v1beta1
          kind: KafkaSource
          metadata: {name: remote, namespace: %s}
          spec:
            bootstrapServers: ["%s"]
            topics: [%s]
            consumerGroup: %s
            initialOffset: earliest
            sink: {uri: "%s"}
          """.formatted(ns, other.bootstrapServers(), topic, group, sink.url()));
      platform.awaitReady("kafkasource", ns, "remote");
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.count() >= 20);

      Set<String> bodies = sink.received().stream()
          .map(r -> new String(r.body(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
      Set<String> internalOnOther = otherTopics().stream().filter(t -> t.startsWith(group)).collect(Collectors.toSet());
      Set<String> internalOnPlatform = KafkaFixture.admin().listTopics().names().get().stream()
          .filter(t -> t.startsWith(group)).collect(Collectors.toSet());

      assertThat(bodies).hasSize(20);
      assertThat(internalOnOther).anyMatch(t -> t.endsWith("-changelog"));
      assertThat(internalOnPlatform).isEmpty();
      assertThat(otherAdmin.listConsumerGroups().all().get()).anyMatch(g -> g.groupId().equals(group));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(platform.cli("describe", "kafkasource", "remote", "-n", ns).out()).contains("totalLag: 0"));
    }
  }

  @Test
  void shouldNotBeReadyNamingTheSecretAndKeyWhenSpecNetNamesWhatIsMissing() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String source = """
        apiVersion: sources.knative.dev/v1beta1
        kind: KafkaSource
        metadata: {name: secured, namespace: %s}
        spec:
          bootstrapServers: ["%s"]
          topics: [anything]
          net:
            sasl:
              enable: true
              user: {secretKeyRef: {name: kafka-creds, key: user}}
              password: {secretKeyRef: {name: kafka-creds, key: password}}
          sink: {uri: "http://127.0.0.1:1/"}
        """.formatted(ns, other.bootstrapServers());

    platform.apply(source);
    JsonNode missingSecret = await().atMost(Duration.ofSeconds(20)).until(
        () -> readyCondition("kafkasource", ns, "secured"), c -> c != null && c.path("status").asText().equals("False"));
    platform.apply("""
        apiVersion: v1
        kind: Secret
        metadata: {name: kafka-creds, namespace: %s}
        stringData: {user: alice}
        """.formatted(ns));
    JsonNode missingKey = await().atMost(Duration.ofSeconds(20)).until(
        () -> readyCondition("kafkasource", ns, "secured"),
        c -> c != null && c.path("reason").asText().equals("SecretKeyNotFound"));

    assertThat(missingSecret.path("reason").asText()).isEqualTo("SecretNotFound");
    assertThat(missingSecret.path("message").asText())
        .isEqualTo("spec.net.sasl.user.secretKeyRef: Secret 'kafka-creds' not found");
    assertThat(missingKey.path("message").asText())
        .isEqualTo("spec.net.sasl.password.secretKeyRef: Secret 'kafka-creds' has no key 'password'");
  }
}
