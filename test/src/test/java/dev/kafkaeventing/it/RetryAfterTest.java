package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Retry-After} on 429/503 and the backoff caps, end to end through a Trigger: the gaps
 * between the attempts a subscriber sees.
 */
class RetryAfterTest {

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
  void shouldWaitAsLongAsRetryAfterSaysBeforeTheNextAttempt() {
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      subscriber.respondWith(r -> r.attempt() == 1
          ? new Reply(503, Map.of("Retry-After", "2"), new byte[0]) : Reply.status(202));

      List<Duration> gaps = attemptGaps(subscriber, 2, """
          retry: 3
          backoffDelay: PT0.01S""");

      System.out.println("Retry-After: 2 -> gap " + gaps);
      assertThat(gaps.get(0)).isBetween(Duration.ofMillis(1950), Duration.ofMillis(4000));
    }
  }

  @Test
  void shouldCapRetryAfterByRetryAfterMax() {
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      subscriber.respondWith(r -> r.attempt() == 1
          ? new Reply(429, Map.of("Retry-After", "30"), new byte[0]) : Reply.status(202));

      List<Duration> gaps = attemptGaps(subscriber, 2, """
          retry: 3
          backoffDelay: PT0.01S
          retryAfterMax: PT0.5S""");

      System.out.println("Retry-After: 30, retryAfterMax PT0.5S -> gap " + gaps);
      assertThat(gaps.get(0)).isBetween(Duration.ofMillis(480), Duration.ofMillis(1500));
    }
  }

  @Test
  void shouldCapExponentialBackoffByBackoffMax() {
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      subscriber.respondWith(r -> Reply.status(500));

      List<Duration> gaps = attemptGaps(subscriber, 6, """
          retry: 5
          backoffPolicy: exponential
          backoffDelay: PT0.1S
          backoffMax: PT0.3S""");

      // Uncapped the waits would be 0.2, 0.4, 0.8, 1.6 and 3.2 s.
      System.out.println("exponential 0.1 s capped at 0.3 s -> gaps " + gaps);
      assertThat(gaps.get(0)).isBetween(Duration.ofMillis(180), Duration.ofMillis(600));
      assertThat(gaps.subList(1, 5)).allSatisfy(gap -> assertThat(gap).isBetween(Duration.ofMillis(280), Duration.ofMillis(1500)));
      assertThat(gaps.subList(1, 5).stream().reduce(Duration.ZERO, Duration::plus)).as("uncapped: 6 s")
          .isLessThan(Duration.ofMillis(2500));
    }
  }

  /** Sends one event to a new Trigger with the given {@code delivery}; the gaps between its attempts. */
  private static List<Duration> attemptGaps(RecordingSubscriber subscriber, int attempts, String delivery) {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: retrying, namespace: %1$s}
        spec:
          broker: default
          subscriber: {uri: "%2$s"}
          delivery:
            %3$s
        """.formatted(ns, subscriber.url(), delivery.replace("\n", "\n    ")));
    platform.awaitReady("trigger", ns, "retrying");

    assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), "r1", "retry", "{}").statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= attempts);
    List<Received> received = subscriber.received();
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < attempts; i++) {
      gaps.add(Duration.ofNanos(received.get(i).receivedAtNanos() - received.get(i - 1).receivedAtNanos()));
    }
    return gaps;
  }
}
