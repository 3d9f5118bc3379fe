package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.harness.PlatformProcess;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A slow subscriber's backlog kept as offsets ({@code --backlog-in-memory}) outlives a restart and
 * a {@code kill -9}: the queue changelog holds references, the restarted platform reads their
 * records again from the broker topic, and every event arrives, in order for an ordered Trigger.
 */
class SlowBacklogRestartTest {

  private static final int EVENTS = 60;
  private static final int IN_MEMORY = 5;
  private static final Duration SUBSCRIBER_DELAY = Duration.ofMillis(120);

  @Test
  void shouldDeliverEverySpilledEventInOrderWhenTheSlowBacklogOutlivesARestart() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    try (PlatformHarness platform = PlatformHarness.start(PlatformHarness.config().withBacklogInMemory(IN_MEMORY));
         RecordingSubscriber subscriber = slowSubscriber();
         KafkaProducer<byte[], byte[]> producer = producer()) {
      platform.apply(orderedTrigger(ns, subscriber.url()));
      platform.awaitReady("trigger", ns, "slow");
      String changelog = platform.platformConfig().instanceName() + "-broker-" + ns + "-default-delivery-queue-changelog";

      List<String> sent = publish(producer, ns);
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> referencesIn(changelog) >= EVENTS / 3);
      int beforeRestart = subscriber.count();
      platform.restart();
      double[] sizes = logSizes(changelog);
      System.out.printf("slow backlog: queue changelog record (key + value) %.0f bytes for an event kept whole,"
          + " %.0f bytes for one kept as an offset%n", sizes[0], sizes[1]);
      assertThat(sizes[1]).as("bytes a changelog record of an entry kept as an offset takes").isLessThan(100);

      await().atMost(Duration.ofSeconds(90)).until(() -> firstArrivals(subscriber).size() == EVENTS);
      System.out.printf("slow backlog, restart: %d delivered before the restart, %d requests in all%n",
          beforeRestart, subscriber.count());
      assertThat(beforeRestart).as("delivered before the restart").isLessThan(EVENTS);
      assertThat(firstArrivals(subscriber)).as("first arrivals, in order").containsExactlyElementsOf(sent);
      assertThat(metric(platform, "kafka_eventing_trigger_lost_total", ns)).isEqualTo("0.0");
    }
  }

  @Test
  void shouldDeliverEverySpilledEventInOrderWhenKilledWhileTheSlowBacklogWaits() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String instance = "slow9-" + UUID.randomUUID().toString().substring(0, 8);
    try (PlatformProcess platform = PlatformProcess.builder(
            Files.createTempDirectory("kafka-eventing-slow9").resolve("data"), instance)
        .jvmOptions(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
        .bootstrapServers(KafkaFixture.bootstrapServers())
        .args(List.of("--default-partitions", "3", "--backlog-in-memory", String.valueOf(IN_MEMORY)))
        .killOnClose()
        .startReady(Duration.ofSeconds(120));
         RecordingSubscriber subscriber = slowSubscriber();
         KafkaProducer<byte[], byte[]> producer = producer()) {
      platform.admin().apply(orderedTrigger(ns, subscriber.url()));
      await().atMost(Duration.ofSeconds(60)).until(() -> platform.admin().isResourceReady("trigger", ns, "slow"));
      String changelog = instance + "-broker-" + ns + "-default-delivery-queue-changelog";

      List<String> sent = publish(producer, ns);
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> referencesIn(changelog) >= EVENTS / 3);
      int beforeKill = subscriber.count();
      platform.kill();
      platform.restart();
      platform.awaitReady(Duration.ofSeconds(120));

      await().atMost(Duration.ofSeconds(90)).until(() -> firstArrivals(subscriber).size() == EVENTS);
      System.out.printf("slow backlog, kill -9: %d delivered before the kill, %d requests in all%n",
          beforeKill, subscriber.count());
      assertThat(beforeKill).as("delivered before the kill").isLessThan(EVENTS);
      assertThat(firstArrivals(subscriber)).as("first arrivals, in order").containsExactlyElementsOf(sent);
    }
  }

  private static RecordingSubscriber slowSubscriber() {
    return RecordingSubscriber.start().respondWith(request -> {
      LockSupport.parkNanos(SUBSCRIBER_DELAY.toNanos());
      return Reply.status(202);
    });
  }

  private static String orderedTrigger(String ns, String subscriberUrl) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: slow
          namespace: %1$s
          annotations: {kafka.eventing.knative.dev/delivery.order: ordered}
        spec:
          broker: default
          subscriber: {uri: "%2$s"}
        """.formatted(ns, subscriberUrl);
  }

  /** {@link #EVENTS} events of 1 KiB with one record key (one partition, one lane), acknowledged; their ids in order. */
  private static List<String> publish(KafkaProducer<byte[], byte[]> producer, String ns) throws Exception {
    List<String> ids = new ArrayList<>();
    String topic = "knative-broker-" + ns + "-default";
    for (int i = 0; i < EVENTS; i++) {
      String id = "e" + i;
      var event = CloudEventBuilder.v1().withId(id).withSource(URI.create("/slow")).withType("slow")
          .withData("application/octet-stream", new byte[1024]).build();
      ProducerRecord<byte[], byte[]> record = CloudEventKafkaCodec.toRecord(topic, event);
      producer.send(new ProducerRecord<>(topic, null, "k".getBytes(StandardCharsets.UTF_8), record.value(),
          record.headers()));
      ids.add(id);
    }
    producer.flush();
    return ids;
  }

  /** Queue changelog records that are references (a spilled entry), not whole events. */
  private static long referencesIn(String changelog) {
    int written = (int) KafkaFixture.totalEndOffset(changelog);
    if (written == 0) {
      return 0;
    }
    List<ConsumerRecord<byte[], byte[]>> records = KafkaFixture.readAll(changelog, written, KafkaFixture.TIMEOUT);
    return records.stream()
        .filter(r -> r.value() != null && r.value().length >= 8 && ByteBuffer.wrap(r.value()).getInt(0) == -1)
        .count();
  }

  /** The mean key + value bytes of changelog records of whole events, then of references. */
  private static double[] logSizes(String changelog) {
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaFixture.readAll(changelog, (int) KafkaFixture.totalEndOffset(changelog), KafkaFixture.TIMEOUT);
    java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> reference =
        r -> r.value().length >= 8 && ByteBuffer.wrap(r.value()).getInt(0) == -1;
    List<ConsumerRecord<byte[], byte[]>> values = records.stream().filter(r -> r.value() != null).toList();
    return new double[] {
        values.stream().filter(reference.negate()).mapToInt(r -> r.key().length + r.value().length).average().orElse(0),
        values.stream().filter(reference).mapToInt(r -> r.key().length + r.value().length).average().orElse(0)};
  }

  /** The ids received, each at its first arrival (at least once: a restart may send some again). */
  private static List<String> firstArrivals(RecordingSubscriber subscriber) {
    return List.copyOf(new LinkedHashSet<>(subscriber.received().stream().map(Received::id).toList()));
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 1),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static String metric(PlatformHarness platform, String name, String ns) throws Exception {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.metricsUrl() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    return body.lines()
        .filter(line -> line.startsWith(name + "{") && line.contains("namespace=\"" + ns + "\""))
        .map(line -> line.substring(line.lastIndexOf(' ') + 1))
        .findFirst().orElseThrow(() -> new AssertionError(name + " not exposed for " + ns));
  }
}
