package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-Trigger limits, enforced across all partitions: {@code kafka-eventing.dev/max-in-flight}
 * (concurrent requests to the subscriber) and {@code kafka-eventing.dev/max-events-per-second}.
 */
class LimitsTest {

  private static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldNeverSendMoreConcurrentRequestsThanMaxInFlight() {
    String ns = PlatformHarness.uniqueNamespace();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      subscriber.respondWith(request -> {
        peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        LockSupport.parkNanos(Duration.ofMillis(30).toNanos());
        concurrent.decrementAndGet();
        return Reply.status(202);
      });
      applyTrigger(ns, subscriber.url(), "kafka-eventing.dev/max-in-flight: \"4\"");

      postEvents(ns, 120);

      await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.count() >= 120);
      System.out.printf("max-in-flight 4: peak concurrency at the subscriber %d%n", peak.get());
      assertThat(peak.get()).isBetween(2, 4);
    }
  }

  @Test
  void shouldHoldTheRateWithinTenPercentOfMaxEventsPerSecond() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      applyTrigger(ns, subscriber.url(), "kafka-eventing.dev/max-events-per-second: \"40\"");

      postEvents(ns, 200);

      await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.count() >= 200);
      List<Received> received = subscriber.received();
      double seconds = (received.get(received.size() - 1).receivedAtNanos() - received.get(0).receivedAtNanos()) / 1e9;
      double rate = (received.size() - 1) / seconds;
      int busiestSecond = busiestSecond(received);
      System.out.printf("max-events-per-second 40: %d events in %.2f s = %.1f events/s, at most %d in one second%n",
          received.size(), seconds, rate, busiestSecond);
      // The limit is exact on the dispatcher's clock (DeliveryQueueProcessorTest); here, on recorded
      // arrival times: in any second, no more than a second's rate plus the quarter-second burst
      // (with 10% for requests handed out just apart that arrive together), and not far below the
      // rate on a busy machine.
      assertThat(busiestSecond).isLessThanOrEqualTo(40 + 10 + 4);
      assertThat(rate).isBetween(30.0, 44.0);
    }
  }

  /** The most events received within any one second, by their recorded arrival times. */
  private static int busiestSecond(List<Received> received) {
    int busiest = 0;
    int first = 0;
    for (int last = 0; last < received.size(); last++) {
      while (received.get(last).receivedAtNanos() - received.get(first).receivedAtNanos() >= 1_000_000_000L) {
        first++;
      }
      busiest = Math.max(busiest, last - first + 1);
    }
    return busiest;
  }

  private static void applyTrigger(String ns, String subscriberUrl, String annotation) {
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: limited
          namespace: %1$s
          annotations: {%3$s}
        spec:
          broker: default
          subscriber: {uri: "%2$s"}
        """.formatted(ns, subscriberUrl, annotation));
    platform.awaitReady("trigger", ns, "limited");
  }

  /**
   * Writes CloudEvents straight into the broker topic (faster than any limit under test), spread
   * over its partitions.
   */
  private static void postEvents(String ns, int count) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        CloudEvent event = CloudEventBuilder.v1().withId("e" + i).withSource(URI.create("/limits")).withType("limits")
            .withData("application/json", "{}".getBytes(StandardCharsets.UTF_8)).build();
        ProducerRecord<byte[], byte[]> record = CloudEventKafkaCodec.toRecord("knative-broker-" + ns + "-default", event);
        producer.send(new ProducerRecord<>(record.topic(), i % 3, (byte[]) null, record.value(), record.headers()));
      }
      producer.flush();
    }
  }
}
