package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KafkaSource end to end: records written by a plain producer reach an HTTP sink as Knative's
 * KafkaSource sends them, from the initial offset asked, with retries, parking and per-key order.
 */
class KafkaSourceTest {

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

  private static String source(String ns, String name, List<String> topics, String sinkUrl, String extra) {
    return """
        apiVersion: sources.knative.dev/v1beta1
        kind: KafkaSource
        metadata: {name: %s, namespace: %s}
        spec:
          bootstrapServers: ["%s"]
          topics: [%s]
          sink: {uri: "%s"}
        %s
        """.formatted(name, ns, KafkaFixture.bootstrapServers(), String.join(", ", topics), sinkUrl,
        extra.indent(2).stripTrailing());
  }

  private static void produce(String topic, int partition, String key, String value, Map<String, String> headers) {
    RecordHeaders recordHeaders = new RecordHeaders();
    headers.forEach((name, v) -> recordHeaders.add(name, v.getBytes(StandardCharsets.UTF_8)));
    try {
      SharedKafka.get().producer().send(new ProducerRecord<>(topic, partition, key, value, recordHeaders)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static String body(Received received) {
    return new String(received.body(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldSendKnativeEventsForPlainRecordsAndForwardCloudEventRecordsWhenReadingTwoTopics() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String first = KafkaFixture.createTopic("src-a", 2);
    String second = KafkaFixture.createTopic("src-b", 1);
    produce(first, 1, "k1", "plain text", Map.of("X-Trace_Id", "t-1"));
    produce(second, 0, null, "{\"n\":2}", Map.of("ce_specversion", "1.0", "ce_id", "ce-2", "ce_source", "/producer",
        "ce_type", "order.created", "content-type", "application/json"));
    try (RecordingSubscriber sink = RecordingSubscriber.start()) {
      platform.apply("apiVersion: sources.knative.dev/v1\n" + source(ns, "orders", List.of(first, second), sink.url(),
          "initialOffset: earliest\nconsumerGroup: it-" + ns + "-orders\nceOverrides:\n  extensions: {team: blue}")
          .substring("apiVersion: sources.knative.dev/v1beta1\n".length()));
      platform.awaitReady("kafkasource", ns, "orders");
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.count() >= 2);

      Received plain = sink.received().stream().filter(r -> "dev.knative.kafka.event".equals(r.header("ce-type")))
          .findFirst().orElseThrow();
      Received forwarded = sink.received().stream().filter(r -> "ce-2".equals(r.id())).findFirst().orElseThrow();
      JsonNode status = JSON.readTree(platform.cli("get", "kafkasource", "orders", "-n", ns, "-o", "json").out())
          .path("status");

      assertThat(plain.header("ce-source")).isEqualTo("/apis/v1/namespaces/" + ns + "/kafkasources/orders#" + first);
      assertThat(plain.header("ce-subject")).isEqualTo("partition:1#0");
      assertThat(plain.id()).isEqualTo("partition:1/offset:0");
      assertThat(plain.header("ce-key")).isEqualTo("k1");
      assertThat(plain.header("ce-kafkaheaderxtraceid")).isEqualTo("t-1");
      assertThat(plain.header("ce-team")).isEqualTo("blue");
      assertThat(body(plain)).isEqualTo("plain text");
      assertThat(forwarded.header("ce-type")).isEqualTo("order.created");
      assertThat(forwarded.header("ce-source")).isEqualTo("/producer");
      assertThat(forwarded.header("ce-team")).isEqualTo("blue");
      assertThat(forwarded.header("content-type")).isEqualTo("application/json");
      assertThat(body(forwarded)).isEqualTo("{\"n\":2}");
      assertThat(status.path("sinkUri").asText()).isEqualTo(sink.url());
      assertThat(status.path("consumerGroup").asText()).isEqualTo("it-" + ns + "-orders");
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(platform.cli("describe", "kafkasource", "orders", "-n", ns).out())
              .contains("consumerGroup: it-" + ns + "-orders", "partition: 1", "totalLag: 0", "delivered: 2"));
    }
  }

  @Test
  void shouldRefuseASecondSourceUntilTheFirstIsDeletedWhenTheyShareAConsumerGroup() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String topic = KafkaFixture.createTopic("src-group", 1);
    try (RecordingSubscriber sink = RecordingSubscriber.start()) {
      platform.apply(source(ns, "first", List.of(topic), sink.url(), "consumerGroup: shared-" + ns));
      platform.awaitReady("kafkasource", ns, "first");

      platform.apply(source(ns, "second", List.of(topic), sink.url(), "consumerGroup: shared-" + ns));

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(platform.cli("describe", "kafkasource", "second", "-n", ns).out())
              .contains("ConsumerGroupInUse"));
      assertThat(platform.cli("delete", "kafkasource", "first", "-n", ns).exitCode()).isZero();
      platform.awaitReady("kafkasource", ns, "second");
    }
  }

  @Test
  void shouldSkipEarlierRecordsWhenInitialOffsetIsLatest() {
    String ns = PlatformHarness.uniqueNamespace();
    String topic = KafkaFixture.createTopic("src-latest", 1);
    produce(topic, 0, null, "old", Map.of());
    try (RecordingSubscriber sink = RecordingSubscriber.start()) {
      platform.apply(source(ns, "latest", List.of(topic), sink.url(), "initialOffset: latest"));
      platform.awaitReady("kafkasource", ns, "latest");

      // The group's start is fixed at its first poll: keep writing until the source is reading.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
        produce(topic, 0, null, "new", Map.of());
        return sink.count() > 0;
      });

      assertThat(sink.received()).extracting(KafkaSourceTest::body).contains("new").doesNotContain("old");
    }
  }

  @Test
  void shouldParkAfterRetriesWhenTheSinkKeepsFailing() {
    String ns = PlatformHarness.uniqueNamespace();
    String topic = KafkaFixture.createTopic("src-failing", 1);
    produce(topic, 0, "a", "one", Map.of());
    produce(topic, 0, "b", "two", Map.of());
    try (RecordingSubscriber sink = RecordingSubscriber.start()) {
      sink.respondWith(r -> Reply.status(500));
      platform.apply(source(ns, "failing", List.of(topic), sink.url(),
          "initialOffset: earliest\ndelivery: {retry: 2, backoffDelay: PT0.05S}"));
      platform.awaitReady("kafkasource", ns, "failing");

      await().atMost(Duration.ofSeconds(30)).until(() ->
          platform.cli("parked", "list", "kafkasource/failing", "-n", ns).out().split("partition:0/offset:").length == 3);

      assertThat(sink.received()).hasSize(6);
      assertThat(platform.cli("describe", "kafkasource", "failing", "-n", ns).out()).contains("failed: 2");
    }
  }

  @Test
  void shouldDeliverEachKeyInOrderWhenAnEarlierEventIsRetried() {
    String ns = PlatformHarness.uniqueNamespace();
    String topic = KafkaFixture.createTopic("src-ordered", 1);
    for (int i = 0; i < 4; i++) {
      for (String key : List.of("a", "b")) {
        produce(topic, 0, key, key + i, Map.of());
      }
    }
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    try (RecordingSubscriber sink = RecordingSubscriber.start()) {
      // The first of each key fails once: unordered, the rest of the key would overtake its retry.
      sink.respondWith(r -> body(r).endsWith("0") && failedOnce.add(body(r)) ? Reply.status(500) : Reply.status(202));
      platform.apply(source(ns, "ordered", List.of(topic), sink.url(), """
          initialOffset: earliest
          delivery: {retry: 3, backoffDelay: PT0.2S, backoffPolicy: linear}"""));
      platform.awaitReady("kafkasource", ns, "ordered");

      await().atMost(Duration.ofSeconds(30)).until(() -> sink.count() >= 10);

      for (String key : List.of("a", "b")) {
        List<String> arrivals = new ArrayList<>();
        sink.received().stream().filter(r -> key.equals(r.header("ce-key"))).forEach(r -> arrivals.add(body(r)));
        assertThat(arrivals).as("key " + key).containsExactly(key + 0, key + 0, key + 1, key + 2, key + 3);
      }
    }
  }
}
