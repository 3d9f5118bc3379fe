package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.harness.PlatformProcess;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash safety end to end: the platform runs in its own JVM and is killed (no shutdown hook, no
 * flush, no commit) while it delivers; started again on the same data directory, it must deliver
 * every event the ingress accepted at least once. Duplicates are allowed and reported.
 */
class CrashSafetyTest {

  private static final Logger LOG = LoggerFactory.getLogger(CrashSafetyTest.class);
  private static final int EVENTS = 2_000;
  private static final int KILL_AT = 500;

  @Test
  void shouldDeliverEveryAcceptedEventAtLeastOnceWhenPlatformIsKilledDuringDelivery() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    CountDownLatch allSent = new CountDownLatch(1);
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    try (PlatformProcess platform = startPlatform();
        RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      subscriber.respondWith(request -> {
        awaitQuietly(allSent);
        if (request.attempt() == KILL_AT) {
          platform.kill();
        }
        return Reply.status(202);
      });
      platform.admin().apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: all, namespace: %s}
          spec:
            broker: default
            subscriber: {uri: "%s"}
          """.formatted(ns, ns, subscriber.url()));
      await().atMost(Duration.ofSeconds(60)).until(() -> platform.admin().isResourceReady("trigger", ns, "all"));
      String url = platform.ingressUrl() + "/" + ns + "/default";

      sendAll(url, accepted);
      allSent.countDown();
      await().atMost(Duration.ofSeconds(60)).until(platform::exited);
      List<String> beforeKill = TriggerTestSupport.ids(subscriber);
      int receivedBeforeKill = beforeKill.size();
      long missing = accepted.stream().filter(id -> !beforeKill.contains(id)).count();
      platform.restart();
      platform.awaitReady(Duration.ofSeconds(120));

      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
          .until(() -> new HashSet<>(TriggerTestSupport.ids(subscriber)).containsAll(accepted));
      List<String> received = TriggerTestSupport.ids(subscriber);
      int duplicates = received.size() - new HashSet<>(received).size();
      LOG.info("Crash safety: {} accepted, {} requests before the kill, {} in all, {} duplicates ({}%)",
          accepted.size(), receivedBeforeKill, received.size(), duplicates,
          String.format("%.1f", 100.0 * duplicates / accepted.size()));
      assertThat(accepted).hasSize(EVENTS);
      assertThat(receivedBeforeKill).as("the kill came during delivery").isLessThan(EVENTS);
      assertThat(new HashSet<>(received)).containsAll(accepted);
      // The restarted instance counts the recovered backlog as pending, and settles all of it.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        JsonNode counters = platform.admin().counters("trigger", ns, "all");
        assertThat(counters.path("pending").asLong()).isZero();
        assertThat(counters.path("delivered").asLong()).isGreaterThanOrEqualTo(missing);
      });
    }
  }

  /** The platform in a child JVM on the suite's Kafka, ready; killed, not stopped, on close. */
  private static PlatformProcess startPlatform() throws Exception {
    return PlatformProcess.builder(
            Files.createTempDirectory("kafka-eventing-crash").resolve("data"),
            "crash-" + UUID.randomUUID().toString().substring(0, 8))
        .bootstrapServers(KafkaFixture.bootstrapServers())
        .args(List.of("--default-partitions", "3"))
        .killOnClose()
        .startReady(Duration.ofSeconds(120));
  }

  /** Sends every event from 8 threads; remembers those the ingress accepted. */
  private static void sendAll(String url, Set<String> accepted) throws InterruptedException {
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try {
      IntStream.range(0, EVENTS).forEach(i -> senders.execute(() -> {
        String id = "crash-" + i;
        if (PlatformHarness.postEvent(url, id, "it.crash", "{\"n\":" + i + "}").statusCode() == 202) {
          accepted.add(id);
        }
      }));
    } finally {
      senders.shutdown();
      assertThat(senders.awaitTermination(120, TimeUnit.SECONDS)).as("all events sent").isTrue();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
