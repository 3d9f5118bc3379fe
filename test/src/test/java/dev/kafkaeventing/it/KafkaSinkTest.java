package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.core.kafka.TopicInfo;
import dev.kafkaeventing.it.harness.PlatformHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KafkaSink end to end: events posted in every content mode land in the sink's topic, readable by a
 * plain consumer in the CloudEvents Kafka binding in the sink's content mode; the topic is created
 * as asked, and a topic the sink did not create outlives it.
 */
class KafkaSinkTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  private static String sink(String ns, String name, String topic, String extra) {
    return """
        apiVersion: eventing.knative.dev/v1alpha1
        kind: KafkaSink
        metadata: {name: %s, namespace: %s}
        spec:
          topic: %s
          bootstrapServers: ["%s"]
        %s
        """.formatted(name, ns, topic, KafkaFixture.bootstrapServers(), extra.indent(2).stripTrailing());
  }

  private static JsonNode get(String kind, String ns, String name) throws Exception {
    return JSON.readTree(platform.cli("get", kind, name, "-n", ns, "-o", "json").out());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Posts one binary, one structured and a batch of two; returns the sink's address. */
  private static String postAllModes(String ns, String name) throws Exception {
    String url = get("kafkasink", ns, name).path("status").path("address").path("url").asText();
    assertThat(url).isEqualTo(platform.ingressUrl() + "/sinks/" + ns + "/" + name);
    assertThat(PlatformHarness.post(url, Map.of("ce-specversion", "1.0", "ce-id", "b1", "ce-source", "/it",
        "ce-type", "t", "ce-partitionkey", "k-b1", "content-type", "application/json"), utf8("{\"m\":\"binary\"}"))
        .statusCode()).isEqualTo(202);
    assertThat(PlatformHarness.post(url, Map.of("content-type", "application/cloudevents+json"),
        utf8("{\"specversion\":\"1.0\",\"id\":\"s1\",\"source\":\"/it\",\"type\":\"t\","
            + "\"datacontenttype\":\"application/json\",\"data\":{\"m\":\"structured\"}}")).statusCode()).isEqualTo(202);
    assertThat(PlatformHarness.post(url, Map.of("content-type", "application/cloudevents-batch+json"),
        utf8("[{\"specversion\":\"1.0\",\"id\":\"x1\",\"source\":\"/it\",\"type\":\"t\"},"
            + "{\"specversion\":\"1.0\",\"id\":\"x2\",\"source\":\"/it\",\"type\":\"t\"}]")).statusCode()).isEqualTo(202);
    return url;
  }

  @Test
  void shouldWriteEveryContentModeAsBinaryRecordsWhenContentModeIsDefault() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String topic = KafkaFixture.uniqueTopic("sink-binary");
    platform.apply(sink(ns, "events", topic, "numPartitions: 4"));
    platform.awaitReady("kafkasink", ns, "events");

    postAllModes(ns, "events");
    List<ConsumerRecord<byte[], byte[]>> records = KafkaFixture.readAll(topic, 4, Duration.ofSeconds(20));
    Optional<TopicInfo> info = KafkaFixture.topics().describe(topic, Duration.ofSeconds(10));

    assertThat(records).extracting(r -> header(r, "ce_id")).containsExactlyInAnyOrder("b1", "s1", "x1", "x2");
    assertThat(records).allSatisfy(r -> assertThat(header(r, "ce_specversion")).isEqualTo("1.0"));
    ConsumerRecord<byte[], byte[]> binary = records.stream().filter(r -> "b1".equals(header(r, "ce_id"))).findFirst()
        .orElseThrow();
    assertThat(new String(binary.key(), StandardCharsets.UTF_8)).isEqualTo("k-b1");
    assertThat(header(binary, "content-type")).isEqualTo("application/json");
    assertThat(new String(binary.value(), StandardCharsets.UTF_8)).isEqualTo("{\"m\":\"binary\"}");
    assertThat(info).get().extracting(TopicInfo::partitions).isEqualTo(4);
  }

  @Test
  void shouldWriteStructuredRecordsWhenContentModeIsStructured() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String topic = KafkaFixture.uniqueTopic("sink-structured");
    platform.apply(sink(ns, "events", topic, "contentMode: structured\nnumPartitions: 2"));
    platform.awaitReady("kafkasink", ns, "events");

    postAllModes(ns, "events");
    List<ConsumerRecord<byte[], byte[]>> records = KafkaFixture.readAll(topic, 4, Duration.ofSeconds(20));

    assertThat(records).hasSize(4).allSatisfy(r -> {
      assertThat(header(r, "content-type")).isEqualTo("application/cloudevents+json");
      assertThat(header(r, "ce_id")).isNull();
    });
    List<JsonNode> events = records.stream().map(r -> {
      try {
        return JSON.readTree(r.value());
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }).toList();
    assertThat(events).extracting(e -> e.path("id").asText()).containsExactlyInAnyOrder("b1", "s1", "x1", "x2");
    JsonNode binary = events.stream().filter(e -> e.path("id").asText().equals("b1")).findFirst().orElseThrow();
    assertThat(binary.path("data").path("m").asText()).isEqualTo("binary");
    assertThat(binary.path("partitionkey").asText()).isEqualTo("k-b1");
  }

  @Test
  void shouldKeepAnExistingTopicWhenTheSinkIsDeletedAndDeleteOnlyTheOneItCreated() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String existing = KafkaFixture.createTopic("sink-existing", 2);
    String created = KafkaFixture.uniqueTopic("sink-created");
    platform.apply(sink(ns, "borrowed", existing, "numPartitions: 5") + "---\n" + sink(ns, "owned", created, ""));
    platform.awaitReady("kafkasink", ns, "borrowed");
    platform.awaitReady("kafkasink", ns, "owned");
    assertThat(KafkaFixture.topics().describe(existing, Duration.ofSeconds(10))).get()
        .extracting(TopicInfo::partitions).isEqualTo(2);

    assertThat(platform.cli("delete", "kafkasink", "borrowed", "-n", ns).exitCode()).isZero();
    assertThat(platform.cli("delete", "kafkasink", "owned", "-n", ns).exitCode()).isZero();

    await().atMost(Duration.ofSeconds(30)).until(() ->
        KafkaFixture.topics().describe(created, Duration.ofSeconds(10)).isEmpty());
    assertThat(KafkaFixture.topics().describe(existing, Duration.ofSeconds(10))).isPresent();
    assertThat(PlatformHarness.postEvent(platform.ingressUrl() + "/sinks/" + ns + "/borrowed", "late", "t", "{}")
        .statusCode()).isEqualTo(404);
  }
}
