package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.platform.PlatformConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * A rolling restart of three instances sharing one name on one Kafka, each stopped cleanly and
 * started again in turn while events are published to all three ingresses (each keeps its
 * ingress port, as behind a load balancer): every event answered 202 is delivered, and no two
 * instances write statuses at once.
 */
class RollingRestartTest {

  private static final int RATE = 30;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @Test
  void shouldDeliverEveryAcceptedEventAndKeepAtMostOneStatusWriterWhenEachInstanceRestartsInTurn()
      throws Exception {
    String name = "rolling-" + UUID.randomUUID().toString().substring(0, 8);
    String ns = PlatformHarness.uniqueNamespace();
    List<PlatformHarness> instances = new ArrayList<>();
    List<HttpPublisher> publishers = new ArrayList<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger mostLeaders = new AtomicInteger();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      for (int i = 0; i < 3; i++) {
        instances.add(PlatformHarness.start(config(name)));
      }
      instances.get(0).apply("""
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
      for (PlatformHarness instance : instances) {
        instance.awaitReady("trigger", ns, "all");
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> leaders(instances) == 1);
      sampler.scheduleAtFixedRate(() -> mostLeaders.accumulateAndGet(leaders(instances), Math::max),
          0, 100, TimeUnit.MILLISECONDS);
      for (int i = 0; i < 3; i++) {
        HttpPublisher publisher = new HttpPublisher();
        publishers.add(publisher);
        publisher.start(instances.get(i).brokerUrl(ns, "default"), RATE, "i" + i + "-");
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> publishers.stream().allMatch(p -> p.accepted().size() >= RATE));

      long started = System.nanoTime();
      for (PlatformHarness instance : instances) {
        instance.restart();
        instance.awaitReady("trigger", ns, "all");
      }
      long restarted = System.nanoTime() - started;
      publishers.forEach(HttpPublisher::stopIssuing);
      await().atMost(Duration.ofSeconds(20)).until(() -> publishers.stream().allMatch(HttpPublisher::settled));
      Set<String> accepted = new HashSet<>();
      publishers.forEach(p -> accepted.addAll(p.accepted()));
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> ids(subscriber).containsAll(accepted));
      sampler.shutdownNow();

      List<String> received = subscriber.received().stream().map(Received::id).toList();
      int duplicates = received.size() - new HashSet<>(received).size();
      System.out.printf("rolling restart of three instances in %d ms: %d events accepted, %d deliveries, %d duplicates%n",
          restarted / 1_000_000, accepted.size(), received.size(), duplicates);
      assertThat(ids(subscriber)).as("every event answered 202 is delivered").containsAll(accepted);
      assertThat(mostLeaders.get()).as("instances writing statuses at once").isEqualTo(1);
      await().atMost(Duration.ofSeconds(15)).until(() -> leaders(instances) == 1);
    } finally {
      sampler.shutdownNow();
      for (HttpPublisher publisher : publishers) {
        publisher.close();
      }
      instances.forEach(PlatformHarness::close);
    }
  }

  private static int leaders(List<PlatformHarness> instances) {
    int leading = 0;
    for (PlatformHarness instance : instances) {
      try {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(instance.adminUrl()
            + "/api/v1/leader")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200 && answer.body().contains("\"leading\":true")) {
          leading++;
        }
      } catch (IOException | RuntimeException e) {
        // stopped or restarting: not writing statuses
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return leading;
      }
    }
    return leading;
  }

  private static Set<String> ids(RecordingSubscriber subscriber) {
    return subscriber.received().stream().map(Received::id).collect(Collectors.toSet());
  }

  /** A config sharing {@code name}, its ingress on a port of its own kept across restarts. */
  static PlatformConfig config(String name) throws IOException {
    PlatformConfig base = PlatformHarness.config();
    return new PlatformConfig(base.dataDir(), base.bootstrapServers(), base.bindHost(), freePort(), 0, 0, 0, 0,
        base.maxEventBytes(), 3, (short) 1, base.maxInFlightPerTrigger(), name, base.publishTimeout(),
        base.listeners(), base.streamsConfig(), 0, base.breakerQueueDepth());
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
