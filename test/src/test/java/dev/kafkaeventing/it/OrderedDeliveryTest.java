package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code delivery.order: ordered}: per record key, one event at a time in offset order; keys in
 * parallel, even on one partition; a retrying key holds back only itself.
 */
class OrderedDeliveryTest {

  private static final List<String> KEYS = List.of("k0", "k1", "k2");
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
  void shouldDeliverEachKeyInOrderOneAtATimeWhileKeysInterleaveWhenOrdered() {
    String ns = PlatformHarness.uniqueNamespace();
    Map<String, AtomicInteger> inFlightPerKey = new ConcurrentHashMap<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peakPerKey = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      subscriber.respondWith(request -> {
        AtomicInteger mine = inFlightPerKey.computeIfAbsent(key(request), k -> new AtomicInteger());
        peakPerKey.accumulateAndGet(mine.incrementAndGet(), Math::max);
        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        // The subscriber's own processing time: 0-20 ms.
        LockSupport.parkNanos(Duration.ofMillis(ThreadLocalRandom.current().nextInt(21)).toNanos());
        inFlight.decrementAndGet();
        mine.decrementAndGet();
        return Reply.status(202);
      });
      applyOrderedTrigger(ns, subscriber.url(), "");

      long start = System.nanoTime();
      postInParallel(ns, 200);
      long posted = System.nanoTime();

      await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.count() >= 600);
      System.out.printf("ordered: posted 600 events in %d ms, all delivered after %d ms%n",
          (posted - start) / 1_000_000, (System.nanoTime() - start) / 1_000_000);
      List<Received> received = subscriber.received();
      for (String key : KEYS) {
        assertThat(sequence(received, key)).as("events of %s in arrival order", key)
            .containsExactlyElementsOf(range(200));
      }
      assertThat(peakPerKey.get()).as("events of one key in flight at once").isEqualTo(1);
      assertThat(peak.get()).as("keys in flight at once").isGreaterThan(1);
      assertThat(keySwitches(received)).as("times the arrival order switched keys").isGreaterThan(100);
      System.out.printf("ordered: 600 events, peak in flight %d, key switches %d%n", peak.get(), keySwitches(received));
    }
  }

  @Test
  void shouldHoldBackOnlyTheRetryingKeyWhenOrdered() {
    String ns = PlatformHarness.uniqueNamespace();
    AtomicInteger failuresLeft = new AtomicInteger(3);
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      subscriber.respondWith(request -> request.id().equals("k0-0") && failuresLeft.getAndDecrement() > 0
          ? Reply.status(503) : Reply.status(202));
      applyOrderedTrigger(ns, subscriber.url(), """
          delivery:
              retry: 5
              backoffPolicy: linear
              backoffDelay: PT0.3S
          """);

      postInParallel(ns, 20);

      await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.count() >= 60 + 3);
      List<Received> received = subscriber.received();
      long firstAttempt = arrival(received, "k0-0", 0);
      long lastAttempt = arrival(received, "k0-0", 3);
      List<String> whileRetrying = received.stream()
          .filter(r -> r.receivedAtNanos() > firstAttempt && r.receivedAtNanos() < lastAttempt)
          .map(Received::id)
          .filter(id -> !id.equals("k0-0"))
          .toList();
      assertThat(whileRetrying).as("other events delivered while k0-0 was retried")
          .noneMatch(id -> id.startsWith("k0-"))
          .hasSizeGreaterThan(10);
      for (String key : KEYS) {
        assertThat(sequence(received, key).stream().distinct().toList()).containsExactlyElementsOf(range(20));
      }
    }
  }

  private static void applyOrderedTrigger(String ns, String subscriberUrl, String delivery) {
    platform.apply("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: one-partition, namespace: %1$s}
        data: {default.topic.partitions: "1"}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        spec:
          config: {apiVersion: v1, kind: ConfigMap, name: one-partition}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: ordered
          namespace: %1$s
          annotations: {kafka.eventing.knative.dev/delivery.order: ordered}
        spec:
          broker: default
          subscriber: {uri: "%2$s"}
          %3$s
        """.formatted(ns, subscriberUrl, delivery.strip()));
    platform.awaitReady("trigger", ns, "ordered");
  }

  /** Each key's events are posted in order by its own thread, so keys interleave on the partition. */
  private static void postInParallel(String ns, int perKey) {
    ExecutorService posters = Executors.newFixedThreadPool(KEYS.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String key : KEYS) {
        done.add(posters.submit(() -> {
          for (int i = 0; i < perKey; i++) {
            post(ns, key, key + "-" + i);
          }
        }));
      }
      for (Future<?> poster : done) {
        poster.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new AssertionError("posting failed", e.getCause());
    } finally {
      posters.shutdownNow();
    }
  }

  private static void post(String ns, String key, String id) {
    int status = PlatformHarness.post(platform.brokerUrl(ns, "default"), Map.of("ce-specversion", "1.0",
        "ce-id", id, "ce-source", "/ordered", "ce-type", "ordered", "ce-partitionkey", key,
        "content-type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8)).statusCode();
    assertThat(status).isEqualTo(202);
  }

  private static String key(Received request) {
    return request.id().substring(0, request.id().indexOf('-'));
  }

  private static List<Integer> sequence(List<Received> received, String key) {
    return received.stream().filter(r -> key(r).equals(key))
        .map(r -> Integer.parseInt(r.id().substring(r.id().indexOf('-') + 1)))
        .toList();
  }

  private static List<Integer> range(int count) {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      numbers.add(i);
    }
    return numbers;
  }

  private static long keySwitches(List<Received> received) {
    long switches = 0;
    for (int i = 1; i < received.size(); i++) {
      if (!key(received.get(i)).equals(key(received.get(i - 1)))) {
        switches++;
      }
    }
    return switches;
  }

  /** When the n-th (0-based) attempt of an event arrived. */
  private static long arrival(List<Received> received, String id, int n) {
    Map<String, Integer> seen = new HashMap<>();
    for (Received request : received) {
      if (request.id().equals(id) && seen.merge(id, 1, Integer::sum) == n + 1) {
        return request.receivedAtNanos();
      }
    }
    throw new AssertionError("attempt " + n + " of " + id + " never arrived");
  }
}
