package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.harness.PlatformProcess;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.platform.PlatformConfig;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A replay started on one instance ({@code up} in its own process) that is killed at once with
 * {@code kill -9}: the other instance of the same name adopts it from its progress in Kafka once it
 * leads and the replay's record has been silent for the lease, and finishes it — every matching
 * event of the range delivered, every record scanned once.
 */
class ReplayFailoverTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int EVENTS = 5_000;
  private static final int WANTED_EVERY = 50;

  @Test
  void shouldFinishTheReplayOnTheSurvivorWhenTheInstanceThatStartedItIsKilled() throws Exception {
    String name = "replays-" + UUID.randomUUID().toString().substring(0, 8);
    String ns = PlatformHarness.uniqueNamespace();
    PlatformProcess starter = PlatformProcess.builder(Files.createTempDirectory("kafka-eventing-replay").resolve("data"),
            name)
        .jvmOptions(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
        .bootstrapServers(KafkaFixture.bootstrapServers())
        .args(List.of("--default-partitions", "3"))
        .logs(Files.createTempDirectory("kafka-eventing-replay-logs"), "starter")
        .killOnClose()
        .start();
    PlatformHarness survivor = null;
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      starter.awaitReady(Duration.ofSeconds(90));
      survivor = PlatformHarness.start(config(name));
      survivor.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %s}
          """.formatted(ns));
      survivor.awaitReady("broker", ns, "default");
      produce(ns);
      // The Broker's topology has read every event before the Trigger exists: only the replay reaches it.
      await().atMost(Duration.ofSeconds(40)).until(() -> committed(name + "-broker-" + ns + "-default") >= EVENTS);
      survivor.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: replayed, namespace: %1$s}
          spec:
            broker: default
            filter: {attributes: {type: wanted}}
            subscriber: {uri: "%2$s"}
          """.formatted(ns, subscriber.url()));
      survivor.awaitReady("trigger", ns, "replayed");
      PlatformHarness reader = survivor;
      await().atMost(Duration.ofSeconds(20)).until(() -> starter.admin().isResourceReady("trigger", ns, "replayed"));

      HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(
              URI.create(starter.adminUrl() + "/api/v1/replay/" + ns + "/replayed"))
          .header("Authorization", "Bearer " + starter.adminToken())
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"earliest\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      starter.kill();
      JsonNode atKill = replay(survivor, ns);
      long killed = System.nanoTime();

      await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
          .until(() -> replay(reader, ns).path("state").asText().equals("done"));
      long adoptedAndDone = System.nanoTime() - killed;
      Set<String> wanted = IntStream.range(0, EVENTS).filter(i -> i % WANTED_EVERY == 0).mapToObj(i -> "e" + i)
          .collect(Collectors.toSet());
      await().atMost(Duration.ofSeconds(30)).until(() -> ids(subscriber).containsAll(wanted));
      JsonNode done = replay(survivor, ns);

      System.out.printf("replay failover: %s at the kill (%d of %d scanned); done on the survivor %d ms after the kill%n",
          atKill.path("state").asText(), atKill.path("scanned").asLong(), atKill.path("total").asLong(),
          adoptedAndDone / 1_000_000);
      assertThat(started.statusCode()).isEqualTo(202);
      assertThat(atKill.path("state").asText()).as("the replay was recorded before the answer, unfinished")
          .isEqualTo("running");
      assertThat(done.path("total").asLong()).isEqualTo(EVENTS);
      assertThat(done.path("scanned").asLong()).as("resumed from its recorded positions").isEqualTo(EVENTS);
      assertThat(done.path("matched").asLong()).isEqualTo(wanted.size());
      assertThat(ids(subscriber)).containsAll(wanted).allMatch(wanted::contains);
    } finally {
      if (survivor != null) {
        survivor.close();
      }
      starter.close();
    }
  }

  /** The replay {@code describe trigger} shows on {@code platform} (read from Kafka where it does not run). */
  private static JsonNode replay(PlatformHarness platform, String ns) {
    return platform.describeDetails("trigger", ns, "replayed").path("replay");
  }

  private static Set<String> ids(RecordingSubscriber subscriber) {
    return subscriber.received().stream().map(Received::id).collect(Collectors.toSet());
  }

  private static long committed(String group) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()))) {
      Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream().filter(e -> e.getKey().topic().startsWith("knative-broker-"))
          .mapToLong(e -> e.getValue().offset()).sum();
    }
  }

  /** {@link #EVENTS} events into the Broker's topic, one in {@link #WANTED_EVERY} of type {@code wanted}. */
  private static void produce(String ns) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < EVENTS; i++) {
        CloudEvent event = CloudEventBuilder.v1().withId("e" + i).withSource(URI.create("/replays"))
            .withType(i % WANTED_EVERY == 0 ? "wanted" : "noise")
            .withData("application/json", "{}".getBytes(StandardCharsets.UTF_8)).build();
        ProducerRecord<byte[], byte[]> record = CloudEventKafkaCodec.toRecord("knative-broker-" + ns + "-default", event);
        producer.send(new ProducerRecord<>(record.topic(), i % 3, (byte[]) null, record.value(), record.headers()));
      }
      producer.flush();
    }
  }

  private static PlatformConfig config(String name) {
    PlatformConfig base = PlatformHarness.config();
    return new PlatformConfig(base.dataDir(), base.bootstrapServers(), base.bindHost(), 0, 0, 0, 0, 0,
        base.maxEventBytes(), 3, (short) 1, base.maxInFlightPerTrigger(), name);
  }
}
