package dev.kafkaeventing.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.platform.PlatformConfig;
import dev.kafkaeventing.platform.kafka.EmbeddedKafka;
import dev.kafkaeventing.platform.kafka.EmbeddedKafkaConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Kafka restarted under load: a platform on an external single-node Kafka (a broker of the test's
 * own, stopped cleanly and started again on the same data directory and ports) while events are
 * published at a steady rate. While Kafka is down the ingress answers {@code 503} with {@code
 * Retry-After}; once it is back the platform recovers by itself, and every event answered 202 —
 * before, during or after — is delivered.
 */
class KafkaRestartTest {

  private static final int RATE = 40;

  @Test
  void shouldAnswer503WithRetryAfterWhileKafkaIsDownAndLoseNothingAcceptedWhenItComesBack() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.withFreePorts(
        Files.createTempDirectory("kafka-restart").resolve("kafka")));
    EmbeddedKafkaConfig ports = kafka.config();
    PlatformHarness platform = null;
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start(); HttpPublisher publisher = new HttpPublisher()) {
      platform = PlatformHarness.start(config(kafka.bootstrapServers()));
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %1$s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: all, namespace: %1$s}
          spec:
            broker: default
            subscriber: {uri: "%2$s"}
          """.formatted(ns, subscriber.url()));
      platform.awaitReady("trigger", ns, "all");
      String url = platform.brokerUrl(ns, "default");
      publisher.start(url, RATE, "k-");
      await().atMost(Duration.ofSeconds(20)).until(() -> publisher.accepted().size() >= RATE);

      kafka.close();
      long stopped = System.nanoTime();
      Set<String> probesAccepted = new HashSet<>();
      AtomicInteger probes = new AtomicInteger();
      AtomicReference<HttpResponse<String>> refused = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
        String id = "probe-" + probes.incrementAndGet();
        HttpResponse<String> answer = PlatformHarness.post(url, Map.of("ce-specversion", "1.0", "ce-id", id,
            "ce-source", "/probe", "ce-type", "probe", "content-type", "text/plain"), id.getBytes(UTF_8));
        if (answer.statusCode() == 202) {
          probesAccepted.add(id);
          return false;
        }
        refused.set(answer);
        return answer.statusCode() == 503;
      });
      long firstRefusal = System.nanoTime() - stopped;
      int unavailableWhileDown = publisher.unavailable();
      kafka = EmbeddedKafka.start(ports);
      long restarted = System.nanoTime();
      int acceptedAtRestart = publisher.accepted().size();
      await().atMost(Duration.ofSeconds(60)).until(() -> publisher.accepted().size() >= acceptedAtRestart + RATE);
      long recovered = System.nanoTime() - restarted;
      publisher.stopIssuing();
      await().atMost(Duration.ofSeconds(30)).until(publisher::settled);
      Set<String> accepted = new HashSet<>(publisher.accepted());
      accepted.addAll(probesAccepted);
      await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
          .until(() -> ids(subscriber).containsAll(accepted));

      List<String> received = subscriber.received().stream().map(Received::id).toList();
      System.out.printf("Kafka restart: first 503 %d ms after the stop, %d answers 503 while down; publishing"
              + " recovered %d ms after the restart; %d events accepted, %d deliveries, %d duplicates%n",
          firstRefusal / 1_000_000, unavailableWhileDown, recovered / 1_000_000, accepted.size(), received.size(),
          received.size() - new HashSet<>(received).size());
      assertThat(refused.get().statusCode()).isEqualTo(503);
      assertThat(refused.get().headers().firstValue("retry-after")).isPresent();
      assertThat(ids(subscriber)).as("every event answered 202 is delivered").containsAll(accepted);
    } finally {
      if (platform != null) {
        platform.close();
      }
      kafka.close();
    }
  }

  private static Set<String> ids(RecordingSubscriber subscriber) {
    return subscriber.received().stream().map(Received::id).collect(Collectors.toSet());
  }

  /** A platform on {@code bootstrapServers}, giving up on a write after 2 s (a 503 comes sooner). */
  private static PlatformConfig config(String bootstrapServers) {
    PlatformConfig base = PlatformHarness.config();
    return new PlatformConfig(base.dataDir(), bootstrapServers, base.bindHost(), 0, 0, 0, 0, 0,
        base.maxEventBytes(), 3, (short) 1, base.maxInFlightPerTrigger(),
        "restart-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(2), base.listeners(),
        base.streamsConfig(), 0, base.breakerQueueDepth());
  }
}
