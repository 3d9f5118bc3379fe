package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.TriggerTestSupport.gapsMillis;
import static dev.kafkaeventing.it.TriggerTestSupport.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Triggers are data, not topology: applying a Trigger while events flow must not pause delivery
 * to the Triggers already there.
 */
class TriggerAddedDuringFlowTest {

  private static final int EVENTS = 300;
  private static final long PERIOD_MS = 20;
  private static final long MAX_GAP_MS = 2_000;

  @Test
  void shouldKeepDeliveringToExistingTriggerWhenTriggerIsAddedMidStream() throws InterruptedException {
    String ns = PlatformHarness.uniqueNamespace();
    ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
    try (PlatformHarness platform = PlatformHarness.start();
        RecordingSubscriber a = RecordingSubscriber.start();
        RecordingSubscriber b = RecordingSubscriber.start()) {
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: a, namespace: %s}
          spec:
            broker: default
            subscriber: {uri: "%s"}
          """.formatted(ns, ns, a.url()));
      platform.awaitReady("trigger", ns, "a");
      String url = platform.brokerUrl(ns, "default");
      AtomicInteger sent = new AtomicInteger();
      // A steady stream of 50 events/s, paced by the scheduler (the load, not a wait).
      publisher.scheduleAtFixedRate(() -> {
        int n = sent.get();
        if (n < EVENTS) {
          TriggerTestSupport.send(url, "e-" + n, "it.flow");
          sent.incrementAndGet();
        }
      }, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= EVENTS / 3);

      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: b, namespace: %s}
          spec:
            broker: default
            subscriber: {uri: "%s"}
          """.formatted(ns, b.url()));
      platform.awaitReady("trigger", ns, "b");

      await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() == EVENTS && a.count() >= EVENTS);
      List<String> expected = IntStream.range(0, EVENTS).mapToObj(i -> "e-" + i).toList();
      assertThat(new HashSet<>(ids(a))).containsExactlyInAnyOrderElementsOf(expected);
      long[] gaps = gapsMillis(a.received());
      assertThat(Arrays.stream(gaps).max().orElse(0)).as("longest pause in delivery to trigger a, ms")
          .isLessThan(MAX_GAP_MS);
      assertThat(ids(b)).isNotEmpty().contains("e-" + (EVENTS - 1));
      assertThat(expected).containsAll(ids(b));
    } finally {
      publisher.shutdownNow();
      publisher.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
