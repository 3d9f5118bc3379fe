package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import dev.kafkaeventing.platform.PlatformConfig;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A Trigger's own limits held across two instances sharing one name on one Kafka: each applies
 * its share of the Broker's four partitions (two), so {@code max-in-flight: 4} is at most four
 * requests at the subscriber from both together, and {@code max-events-per-second} is halved on
 * each (set high here, so that the window is what holds the subscriber); when one instance stops, the other takes every partition and the whole limits.
 */
class SharedLimitsTest {


  @Test
  void shouldKeepMaxInFlightAcrossInstancesAndGiveTheSurvivorTheWholeLimitWhenTwoInstancesShareATrigger()
      throws Exception {
    String name = "limits-" + UUID.randomUUID().toString().substring(0, 8);
    String ns = PlatformHarness.uniqueNamespace();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    PlatformHarness first = PlatformHarness.start(config(name));
    PlatformHarness second = null;
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      second = PlatformHarness.start(config(name));
      subscriber.respondWith(request -> {
        peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        LockSupport.parkNanos(Duration.ofMillis(40).toNanos());
        concurrent.decrementAndGet();
        return Reply.status(202);
      });
      first.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %1$s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata:
            name: limited
            namespace: %1$s
            annotations: {kafka-eventing.dev/max-in-flight: "4", kafka-eventing.dev/max-events-per-second: "1000"}
          spec:
            broker: default
            subscriber: {uri: "%2$s"}
          """.formatted(ns, subscriber.url()));
      List<PlatformHarness> both = List.of(first, second);
      await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> both.stream()
          .allMatch(p -> limits(p, ns).path("partitionsHere").asText().equals("2 of 4")));

      JsonNode firstLimits = limits(first, ns);
      JsonNode secondLimits = limits(second, ns);
      postEvents(ns, 240);
      await().atMost(Duration.ofSeconds(40)).until(() -> subscriber.count() >= 240);
      int peakOfBoth = peak.get();
      second.close();
      second = null;
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> limits(first, ns).path("partitionsHere").asText().equals("4 of 4"));

      System.out.printf("two instances, max-in-flight 4: peak concurrency at the subscriber %d%n", peakOfBoth);
      assertThat(firstLimits.path("inFlightWindow").asInt()).isEqualTo(2);
      assertThat(secondLimits.path("inFlightWindow").asInt()).isEqualTo(2);
      assertThat(firstLimits.path("eventsPerSecondHere").asDouble()).isEqualTo(500.0);
      assertThat(peakOfBoth).as("both instances deliver, together within the limit").isBetween(3, 4);
      assertThat(limits(first, ns).path("inFlightWindow").asInt()).isEqualTo(4);
      assertThat(limits(first, ns).path("eventsPerSecondHere").asDouble()).isEqualTo(1000.0);
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }

  /** The limits {@code describe trigger} shows on {@code platform} (read from Kafka where it does not run). */
  private static JsonNode limits(PlatformHarness platform, String ns) {
    return platform.describeDetails("trigger", ns, "limited").path("limits");
  }

  /** A config on the suite's Kafka with the instance name {@code name} and four partitions per Broker. */
  private static PlatformConfig config(String name) {
    PlatformConfig base = PlatformHarness.config();
    return new PlatformConfig(base.dataDir(), base.bootstrapServers(), base.bindHost(), 0, 0, 0, 0, 0,
        base.maxEventBytes(), 4, (short) 1, base.maxInFlightPerTrigger(), name);
  }

  /** Writes events straight into the Broker's topic, round-robin over its four partitions. */
  private static void postEvents(String ns, int count) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        CloudEvent event = CloudEventBuilder.v1().withId("e" + i).withSource(URI.create("/limits")).withType("limits")
            .withData("application/json", "{}".getBytes(StandardCharsets.UTF_8)).build();
        ProducerRecord<byte[], byte[]> record = CloudEventKafkaCodec.toRecord("knative-broker-" + ns + "-default", event);
        producer.send(new ProducerRecord<>(record.topic(), i % 4, (byte[]) null, record.value(), record.headers()));
      }
      producer.flush();
    }
  }
}
