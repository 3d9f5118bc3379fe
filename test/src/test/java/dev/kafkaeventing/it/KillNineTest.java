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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Abrupt and graceful stops of a platform in its own JVM: {@code kill -9} under load, several times
 * at random moments, loses nothing that Kafka accepted (duplicates are counted and reported);
 * SIGTERM lets the deliveries in flight finish, keeps the rest queued, and exits in bounded time.
 */
class KillNineTest {

  private static final int RATE = 250;
  /** At most this many events are written, however long the restarts take under load. */
  private static final int MAX_EVENTS = 20_000;
  private static final int ROUNDS = 3;
  private static final int HTTP_RATE = 150;

  @Test
  void shouldLoseNothingAcceptedWhenKilledRepeatedlyUnderLoad() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    Random random = new Random();
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    try (PlatformProcess platform = startPlatform();
         RecordingSubscriber subscriber = RecordingSubscriber.start();
         KafkaProducer<byte[], byte[]> producer = producer()) {
      platform.admin().apply(brokerAndTrigger(ns, subscriber.url(), ""));
      awaitTriggerReady(platform, ns);

      RateLoad load = new RateLoad(producer, "knative-broker-" + ns + "-default", accepted);
      List<String> rounds = new ArrayList<>();
      List<Long> killedAt = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        Duration pause = Duration.ofMillis(1000 + random.nextInt(1500));
        int acceptedBefore = accepted.size();
        long events = pause.toMillis() * RATE / 1000;
        // Let the load run for about `pause`: until that many more events were accepted.
        await().atMost(pause.plusSeconds(30)).until(() -> accepted.size() >= acceptedBefore + events);
        int before = subscriber.count();
        killedAt.add(System.nanoTime());
        platform.kill();
        platform.restart();
        Duration restart = platform.awaitReady(Duration.ofSeconds(120));
        rounds.add(String.format("kill %d after %d ms (%d requests so far), back in %d ms", round, pause.toMillis(),
            before, restart.toMillis()));
      }
      // The load runs however long the restarts take (a fixed count ran out while restarts took long
      // on a busy machine), and a second more against the restarted platform; then every event sent
      // is acknowledged.
      int acceptedAtReady = accepted.size();
      await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= acceptedAtReady + RATE);
      int sent = load.stop();
      await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() == sent);

      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
          .until(() -> ids(subscriber).containsAll(accepted));
      List<String> received = subscriber.received().stream().map(Received::id).toList();
      int duplicates = received.size() - new HashSet<>(received).size();
      long bound = unsettledBound(subscriber.received(), killedAt);
      System.out.printf("kill -9: %d events accepted at %d/s, %d kills; %d requests, %d duplicates (%.1f%%);"
          + " bound (settled within 2 s before each kill + window) %d%n",
          accepted.size(), RATE, ROUNDS, received.size(), duplicates, 100.0 * duplicates / accepted.size(), bound);
      rounds.forEach(r -> System.out.println("  " + r));
      assertThat(ids(subscriber)).containsAll(accepted);
      assertThat((long) duplicates).isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void shouldFinishInFlightDeliveriesKeepTheRestQueuedAndExitWhenTerminated() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    AtomicInteger inFlight = new AtomicInteger();
    Set<String> completed = ConcurrentHashMap.newKeySet();
    try (PlatformProcess platform = startPlatform();
         RecordingSubscriber subscriber = RecordingSubscriber.start();
         KafkaProducer<byte[], byte[]> producer = producer()) {
      subscriber.respondWith(request -> {
        inFlight.incrementAndGet();
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        completed.add(request.id());
        inFlight.decrementAndGet();
        return Reply.status(202);
      });
      platform.admin().apply(brokerAndTrigger(ns, subscriber.url(), "annotations: {kafka-eventing.dev/max-in-flight: \"5\"}"));
      awaitTriggerReady(platform, ns);
      Set<String> accepted = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 20; i++) {
        send(producer, "knative-broker-" + ns + "-default", "t" + i, accepted);
      }
      producer.flush();
      await().atMost(Duration.ofSeconds(30)).until(() -> inFlight.get() == 5);

      Duration exit = platform.terminate(Duration.ofSeconds(60));
      Set<String> deliveredBeforeStop = Set.copyOf(completed);
      int requestsBeforeStop = subscriber.count();
      platform.restart();
      platform.awaitReady(Duration.ofSeconds(120));

      await().atMost(Duration.ofSeconds(60)).until(() -> ids(subscriber).containsAll(accepted));
      List<String> afterRestart = subscriber.received().subList(requestsBeforeStop, subscriber.count()).stream()
          .map(Received::id).toList();
      System.out.printf("SIGTERM: exited in %d ms with %d events delivered; %d more after the restart%n",
          exit.toMillis(), deliveredBeforeStop.size(), afterRestart.size());
      assertThat(requestsBeforeStop).as("every request sent before the stop was answered")
          .isEqualTo(deliveredBeforeStop.size());
      assertThat(afterRestart).as("nothing finished before the stop is sent again").doesNotContainAnyElementsOf(deliveredBeforeStop);
      assertThat(afterRestart).as("the rest stayed queued").isNotEmpty();
      assertThat(exit).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void shouldDeliverEveryAcceptedEventWhenKilledRepeatedlyWhilePublishingOverHttp() throws Exception {
    publishOverHttpThroughRestarts("kill -9", platform -> platform.kill());
  }

  @Test
  void shouldDeliverEveryAcceptedEventWhenTerminatedRepeatedlyWhilePublishingOverHttp() throws Exception {
    publishOverHttpThroughRestarts("SIGTERM", platform -> platform.terminate(Duration.ofSeconds(60)));
  }

  /** How a round stops the platform. */
  @FunctionalInterface
  private interface Stop {
    void stop(PlatformProcess platform) throws Exception;
  }

  /**
   * Publishes over HTTP at a steady rate, as a client would (a 503 or a refused connection is sent
   * again), while the platform is stopped and started again {@link #ROUNDS} times, starting each
   * time while the publisher goes on. Every event answered 202 must reach the subscriber; no
   * request for the declared Broker may be answered 404.
   */
  private void publishOverHttpThroughRestarts(String how, Stop stop) throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    Random random = new Random();
    try (PlatformProcess platform = startPlatform();
         RecordingSubscriber subscriber = RecordingSubscriber.start();
         HttpPublisher publisher = new HttpPublisher()) {
      platform.admin().apply(brokerAndTrigger(ns, subscriber.url(), ""));
      awaitTriggerReady(platform, ns);

      publisher.start(platform.ingressUrl() + "/" + ns + "/default", HTTP_RATE);
      List<String> rounds = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        Duration pause = Duration.ofMillis(1000 + random.nextInt(1500));
        int acceptedBefore = publisher.accepted().size();
        long events = pause.toMillis() * HTTP_RATE / 1000;
        // Publish for about `pause` against the running platform: until that many more 202s came back.
        await().atMost(pause.plusSeconds(30)).until(() -> publisher.accepted().size() >= acceptedBefore + events);
        long begin = System.nanoTime();
        stop.stop(platform);
        platform.restart();
        platform.awaitReady(Duration.ofSeconds(120));
        long down = System.nanoTime() - begin;
        rounds.add(String.format("%s %d after %d ms, ready again in %d ms", how, round, pause.toMillis(), down / 1_000_000));
      }
      // Keep publishing past the time the restarted platform hands its Triggers over: two seconds'
      // worth of 202s from the last start.
      int acceptedAtReady = publisher.accepted().size();
      await().atMost(Duration.ofSeconds(30)).until(() -> publisher.accepted().size() >= acceptedAtReady + 2 * HTTP_RATE);
      publisher.stopIssuing();
      try {
        await().atMost(Duration.ofSeconds(60)).until(publisher::settled);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(String.format("publisher not settled: %s; %d accepted, %d answers 503, %d refused"
            + " connections, %d answers 404; rounds %s", publisher.pending(), publisher.accepted().size(),
            publisher.unavailable(), publisher.refused(), publisher.notFound(), rounds), e);
      }
      Set<String> accepted = publisher.accepted();

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> ids(subscriber).containsAll(accepted));
      List<String> received = subscriber.received().stream().map(Received::id).toList();
      int duplicates = received.size() - new HashSet<>(received).size();
      System.out.printf("%s over HTTP: %d events accepted (202) at %d/s, %d restarts; %d answers 503, %d refused"
          + " connections, %d answers 404; %d requests to the subscriber, %d duplicates (%.1f%%)%n",
          how, accepted.size(), HTTP_RATE, ROUNDS, publisher.unavailable(), publisher.refused(),
          publisher.notFound(), received.size(), duplicates, 100.0 * duplicates / accepted.size());
      rounds.forEach(r -> System.out.println("  " + r));
      assertThat(accepted).hasSizeGreaterThan(HTTP_RATE * ROUNDS);
      assertThat(ids(subscriber)).as("every event answered 202 is delivered").containsAll(accepted);
      assertThat(publisher.notFound()).as("answers 404 for the declared Broker").isZero();
    }
  }

  /**
   * What a kill may deliver again: the events settled since the last commit (commits come every
   * second; 2 s allows for a late one) plus the Trigger's window in flight, summed over the kills.
   */
  private static long unsettledBound(List<Received> received, List<Long> killedAt) {
    long bound = 0;
    for (long kill : killedAt) {
      long from = kill - Duration.ofSeconds(2).toNanos();
      bound += received.stream().filter(r -> r.receivedAtNanos() >= from && r.receivedAtNanos() <= kill).count() + 100;
    }
    return bound;
  }

  private static void awaitTriggerReady(PlatformProcess platform, String ns) {
    await().atMost(Duration.ofSeconds(60)).until(() -> platform.admin().isResourceReady("trigger", ns, "all"));
  }

  /**
   * The platform in a child JVM on the suite's Kafka, ready; its ingress keeps its port across
   * restarts (the HTTP publisher goes on against it); killed, not stopped, on close.
   */
  private static PlatformProcess startPlatform() throws Exception {
    return PlatformProcess.crashTestChild("kill9", KafkaFixture.bootstrapServers())
        .args(List.of("--default-partitions", "3"))
        .startReady(Duration.ofSeconds(120));
  }

  /** Writes events to a topic at {@link #RATE} per second, on a thread of its own, until stopped. */
  private static final class RateLoad {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final KafkaProducer<byte[], byte[]> producer;
    /** Only touched on the timer's thread; read once it stopped. */
    private int sent;

    RateLoad(KafkaProducer<byte[], byte[]> producer, String topic, Set<String> accepted) {
      this.producer = producer;
      timer.scheduleAtFixedRate(() -> {
        if (sent < MAX_EVENTS) {
          send(producer, topic, "k" + sent++, accepted);
        }
      }, 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);
    }

    /** Stops; how many events were sent, each of them acknowledged or failed by now. */
    int stop() throws InterruptedException {
      timer.shutdown();
      assertThat(timer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      producer.flush();
      return sent;
    }
  }

  /** Writes an event to the broker topic; it counts as accepted once Kafka acknowledged it. */
  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String id, Set<String> accepted) {
    var event = CloudEventBuilder.v1().withId(id).withSource(URI.create("/kill9")).withType("kill9").build();
    producer.send(CloudEventKafkaCodec.toRecord(topic, event), (metadata, error) -> {
      if (error == null) {
        accepted.add(id);
      }
    });
  }

  private static Set<String> ids(RecordingSubscriber subscriber) {
    return subscriber.received().stream().map(Received::id).collect(Collectors.toSet());
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 1),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static String brokerAndTrigger(String ns, String subscriberUrl, String metadata) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: all
          namespace: %1$s
          %3$s
        spec:
          broker: default
          subscriber: {uri: "%2$s"}
        """.formatted(ns, subscriberUrl, metadata);
  }
}
