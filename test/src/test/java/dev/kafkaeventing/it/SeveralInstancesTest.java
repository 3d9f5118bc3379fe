package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.harness.PlatformProcess;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Three instances sharing one name on one Kafka ({@code up --bootstrap-servers … --instance-name
 * shared}, three data dirs): publishing to all three ingresses, {@code kill -9} of the one that
 * writes statuses. Every event answered 202 is delivered, the surviving instances take the dead
 * one's partitions and the status writing over within the consumer session timeout (10 s), and no
 * more than one instance writes statuses at any time.
 */
class SeveralInstancesTest {

  private static final int RATE = 40;
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

  @Test
  void shouldDeliverEveryAcceptedEventAndKeepOneStatusWriterWhenTheLeaderIsKilled() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String name = "shared-" + UUID.randomUUID().toString().substring(0, 8);
    List<PlatformProcess> instances = new ArrayList<>();
    List<HttpPublisher> publishers = new ArrayList<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger mostLeaders = new AtomicInteger();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      for (int i = 0; i < 3; i++) {
        instances.add(instance(name, i));
      }
      for (PlatformProcess instance : instances) {
        instance.awaitReady(Duration.ofSeconds(90));
      }
      instances.get(0).admin().apply(brokerAndTrigger(ns, subscriber.url(), "all", "restart.test"));
      long applied = System.nanoTime();
      await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).until(() -> instances.stream()
          .allMatch(p -> !p.admin().list("trigger", ns).isEmpty()));
      long visible = System.nanoTime() - applied;
      await().atMost(Duration.ofSeconds(30)).until(() -> instances.stream()
          .allMatch(p -> p.admin().isResourceReady("trigger", ns, "all")));
      long visibleReady = System.nanoTime() - applied;
      await().atMost(SESSION_TIMEOUT).until(() -> leaders(instances) == 1);
      sampler.scheduleAtFixedRate(() -> mostLeaders.accumulateAndGet(leaders(instances), Math::max),
          0, 100, TimeUnit.MILLISECONDS);

      for (int i = 0; i < 3; i++) {
        HttpPublisher publisher = new HttpPublisher();
        publishers.add(publisher);
        publisher.start(instances.get(i).ingressUrl() + "/" + ns + "/default", RATE, "i" + i + "-");
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> publishers.stream().allMatch(p -> p.accepted().size() >= RATE));
      int victim = leaderIndex(instances);
      long killed = System.nanoTime();
      instances.get(victim).kill();
      publishers.get(victim).stopIssuing();
      Set<String> acceptedByVictim = publishers.get(victim).accepted();
      publishers.get(victim).close();

      await().atMost(SESSION_TIMEOUT.plusSeconds(5)).until(() -> leaders(instances) == 1);
      long newLeader = System.nanoTime() - killed;
      await().atMost(SESSION_TIMEOUT.plusSeconds(10)).pollInterval(Duration.ofMillis(100))
          .until(() -> ids(subscriber).containsAll(acceptedByVictim));
      long victimsDelivered = System.nanoTime() - killed;
      // A status is written after the failover: by the new leader, for a Trigger applied on any instance.
      PlatformProcess follower = instances.get((victim + 1) % 3);
      follower.admin().apply(brokerAndTrigger(ns, subscriber.url(), "after", "never.sent"));
      await().atMost(Duration.ofSeconds(15)).until(() -> follower.admin().isResourceReady("trigger", ns, "after"));

      for (int i = 0; i < 3; i++) {
        if (i != victim) {
          publishers.get(i).stopIssuing();
        }
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> publishers.stream()
          .filter(p -> p != publishers.get(victim)).allMatch(HttpPublisher::settled));
      Set<String> accepted = new HashSet<>(acceptedByVictim);
      for (int i = 0; i < 3; i++) {
        if (i != victim) {
          accepted.addAll(publishers.get(i).accepted());
        }
      }
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
          .until(() -> ids(subscriber).containsAll(accepted));
      sampler.shutdownNow();

      List<String> received = subscriber.received().stream().map(Received::id).toList();
      int duplicates = received.size() - new HashSet<>(received).size();
      System.out.printf("three instances: %d events accepted (%d through the killed leader), %d deliveries,"
              + " %d duplicates (%.1f%%); apply on one -> stored on all three in %d ms, Trigger Ready on all in %d ms; new leader %d ms after"
              + " the kill; the killed instance's events all delivered %d ms after it%n",
          accepted.size(), acceptedByVictim.size(), received.size(), duplicates,
          100.0 * duplicates / accepted.size(), visible / 1_000_000, visibleReady / 1_000_000, newLeader / 1_000_000,
          victimsDelivered / 1_000_000);
      assertThat(ids(subscriber)).as("every event answered 202 is delivered").containsAll(accepted);
      assertThat(mostLeaders.get()).as("instances writing statuses at once").isEqualTo(1);
      assertThat(Duration.ofNanos(newLeader)).isLessThanOrEqualTo(SESSION_TIMEOUT.plusSeconds(5));
    } finally {
      sampler.shutdownNow();
      for (HttpPublisher publisher : publishers) {
        publisher.close();
      }
      instances.forEach(PlatformProcess::close);
    }
  }

  private static int leaders(List<PlatformProcess> instances) {
    return (int) instances.stream().filter(p -> p.isAlive() && p.admin().isLeading()).count();
  }

  private static int leaderIndex(List<PlatformProcess> instances) {
    for (int i = 0; i < instances.size(); i++) {
      if (instances.get(i).admin().isLeading()) {
        return i;
      }
    }
    throw new AssertionError("no leader");
  }

  private static Set<String> ids(RecordingSubscriber subscriber) {
    return subscriber.received().stream().map(Received::id).collect(Collectors.toSet());
  }

  private static PlatformProcess instance(String name, int index) throws Exception {
    return PlatformProcess.builder(Files.createTempDirectory("kafka-eventing-shared" + index).resolve("data"), name)
        .jvmOptions(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
        .bootstrapServers(KafkaFixture.bootstrapServers())
        .args(List.of("--default-partitions", "3"))
        .logs(Files.createTempDirectory("kafka-eventing-shared-logs"), "instance" + index)
        .killOnClose()
        .start();
  }

  /** A Broker and a Trigger named {@code trigger} for events of type {@code type}. */
  private static String brokerAndTrigger(String ns, String subscriberUrl, String trigger, String type) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: %3$s, namespace: %1$s}
        spec:
          broker: default
          filter: {attributes: {type: %4$s}}
          subscriber: {uri: "%2$s"}
        """.formatted(ns, subscriberUrl, trigger, type);
  }
}
