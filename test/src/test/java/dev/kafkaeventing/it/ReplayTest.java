package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kafka-eventing replay} sends one Trigger the matching events of a time range again, and a
 * Trigger re-created with {@code kafka-eventing.dev/start-from} gets the events it missed.
 */
class ReplayTest {

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
  void shouldRedeliverExactlyTheMatchingEventsOfTheRangeToThatTriggerAlone() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber replayed = RecordingSubscriber.start();
         RecordingSubscriber bystander = RecordingSubscriber.start()) {
      platform.apply(broker(ns) + trigger(ns, "replayed", replayed.url(), "filter: {attributes: {type: keep}}", "")
          + trigger(ns, "bystander", bystander.url(), "", ""));
      platform.awaitReady("trigger", ns, "replayed");
      platform.awaitReady("trigger", ns, "bystander");

      post(ns, "a", 6);
      Instant from = clockPast(Instant.now());
      post(ns, "b", 10);
      Instant to = clockPast(Instant.now());
      post(ns, "c", 6);
      await().atMost(Duration.ofSeconds(30)).until(() -> replayed.count() >= 11 && bystander.count() >= 22);
      int before = replayed.count();

      CliResult started = platform.cli("replay", "trigger/replayed", "-n", ns, "--from", from.toString(), "--to", to.toString());

      assertThat(started.exitCode()).as(started.err()).isZero();
      assertThat(started.out()).contains("replay of trigger " + ns + "/replayed started");
      await().atMost(Duration.ofSeconds(30)).until(() ->
          describe(ns, "replayed").contains("state: done") && describe(ns, "replayed").contains("pending: 0")
              && replayed.count() >= before + 5);
      List<Received> all = replayed.received();
      Set<String> again = all.subList(before, all.size()).stream().map(Received::id).collect(Collectors.toSet());
      assertThat(again).containsExactlyInAnyOrder("b0", "b2", "b4", "b6", "b8");
      assertThat(bystander.count()).isEqualTo(22);
      assertThat(describe(ns, "replayed")).contains("matched: 5", "scanned: 10", "total: 10");
    }
  }

  @Test
  void shouldDeliverEventsSentWhileTheTriggerWasDeletedWhenRecreatedWithStartFrom() {
    String ns = PlatformHarness.uniqueNamespace();
    Instant startFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      String yaml = broker(ns) + trigger(ns, "resilient", subscriber.url(), "",
          "annotations: {kafka-eventing.dev/start-from: \"" + startFrom + "\"}");
      platform.apply(yaml);
      platform.awaitReady("trigger", ns, "resilient");
      post(ns, "before", 2);
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 2);

      assertThat(platform.cli("delete", "trigger", "resilient", "-n", ns).exitCode()).isZero();
      await().atMost(Duration.ofSeconds(30)).until(() -> platform.cli("get", "trigger", "resilient", "-n", ns).exitCode() != 0);
      post(ns, "gap", 4);
      platform.apply(yaml);
      platform.awaitReady("trigger", ns, "resilient");

      await().atMost(Duration.ofSeconds(30)).until(() -> ids(subscriber).containsAll(Set.of("gap0", "gap1", "gap2", "gap3")));
      assertThat(ids(subscriber)).contains("before0", "before1");
      await().atMost(Duration.ofSeconds(30)).until(() -> describe(ns, "resilient").contains("state: done"));
    }
  }

  /** Waits until the clock is past {@code time} by a few ms, so records on either side differ; returns time + 2 ms. */
  private static Instant clockPast(Instant time) {
    Instant boundary = time.plusMillis(2);
    await().pollInterval(Duration.ofMillis(5)).until(() -> Instant.now().isAfter(boundary.plusMillis(3)));
    return boundary;
  }

  private static Set<String> ids(RecordingSubscriber subscriber) {
    return subscriber.received().stream().map(Received::id).collect(Collectors.toSet());
  }

  private static String describe(String ns, String trigger) {
    return platform.cli("describe", "trigger", trigger, "-n", ns).out();
  }

  /** Posts {@code prefix0..prefix<count-1>}; even numbers have type keep, odd ones type skip. */
  private static void post(String ns, String prefix, int count) {
    IntStream.range(0, count).forEach(i -> assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"),
        prefix + i, i % 2 == 0 ? "keep" : "skip", "{}").statusCode()).isEqualTo(202));
  }

  private static String broker(String ns) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %s}
        """.formatted(ns);
  }

  private static String trigger(String ns, String name, String url, String filter, String metadata) {
    return """
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: %2$s
          namespace: %1$s
          %5$s
        spec:
          broker: default
          subscriber: {uri: "%3$s"}
          %4$s
        """.formatted(ns, name, url, filter, metadata);
  }
}
