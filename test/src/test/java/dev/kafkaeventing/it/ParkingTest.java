package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import dev.kafkaeventing.platform.PlatformConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing is silently dropped: an event whose retries (and dead letter sink) are exhausted is
 * parked with its failure, visible through the CLI from any instance, and can be redriven or
 * purged.
 */
class ParkingTest {

  private static final Pattern ID = Pattern.compile("^([0-9a-f]{8}-\\d+-\\d+)\\s", Pattern.MULTILINE);
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
  void shouldParkWithReasonThenDeliverOnRedriveWhenSubscriberRecovers() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      subscriber.respondWith(r -> new Reply(500, Map.of(), "database is down".getBytes(StandardCharsets.UTF_8)));
      applyTrigger(ns, "failing", subscriber.url(), "");
      postEvents(ns, "p1", "p2", "p3");

      List<String> ids = awaitParked(ns, "failing", 3);
      CliResult shown = platform.cli("parked", "show", ids.get(0));
      CliResult described = platform.cli("describe", "trigger", "failing", "-n", ns);

      assertThat(shown.exitCode()).as(shown.err()).isZero();
      assertThat(shown.out()).contains("Status:     500", "Attempts:   2", "database is down", "type: parking",
          "Trigger:    " + ns + "/failing", "{\"n\":");
      assertThat(described.out()).contains("parked: 3").contains("failed: 3");
      assertThat(subscriber.received()).extracting(Received::id).containsOnly("p1", "p2", "p3").hasSize(6);

      subscriber.respondWith(r -> Reply.status(202));
      CliResult redriven = platform.cli("parked", "redrive", "trigger/failing", "-n", ns, "--all");

      assertThat(redriven.exitCode()).as(redriven.err()).isZero();
      assertThat(redriven.out()).contains("redriven 3 event(s)");
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 9);
      assertThat(subscriber.received().subList(6, 9)).extracting(Received::id)
          .containsExactlyInAnyOrder("p1", "p2", "p3");
      assertThat(subscriber.received().get(8).header("ce-knativekafkaoffset")).isNotNull();
      assertThat(platform.cli("parked", "list", "trigger/failing", "-n", ns).out()).contains("No parked events");
    }
  }

  @Test
  void shouldParkWhenDeadLetterSinkFailsTooAndPurgeOnlyTheNamedEvents() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start();
         RecordingSubscriber sink = RecordingSubscriber.start()) {
      subscriber.respondWith(r -> Reply.status(503));
      sink.respondWith(r -> Reply.status(500));
      applyTrigger(ns, "failing", subscriber.url(), "deadLetterSink: {uri: \"" + sink.url() + "\"}");
      postEvents(ns, "d1", "d2");

      List<String> ids = awaitParked(ns, "failing", 2);
      CliResult purged = platform.cli("parked", "purge", "trigger/failing", "-n", ns, ids.get(0));

      assertThat(sink.count()).isGreaterThanOrEqualTo(2);
      assertThat(purged.out()).contains("purged 1 event(s)", ids.get(0));
      assertThat(parkedIds(ns, "failing")).containsExactly(ids.get(1));
      assertThat(platform.cli("parked", "purge", "trigger/failing", "-n", ns, ids.get(0)).err())
          .contains("not parked for this trigger: " + ids.get(0));
    }
  }

  @Test
  void shouldShowParkedEventsFromAnotherInstanceOfTheDeployment() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      subscriber.respondWith(r -> Reply.status(400));
      applyTrigger(ns, "rejecting", subscriber.url(), "");
      postEvents(ns, "x1");
      List<String> ids = awaitParked(ns, "rejecting", 1);

      PlatformConfig mine = platform.platformConfig();
      PlatformConfig other = new PlatformConfig(Files.createTempDirectory("kafka-eventing-it"), mine.bootstrapServers(),
          mine.bindHost(), 0, 0, -1, 0, 0, mine.maxEventBytes(), mine.defaultTopicPartitions(),
          mine.defaultReplicationFactor(), mine.maxInFlightPerTrigger(), mine.instanceName());
      try (PlatformHarness second = PlatformHarness.start(other)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> second.cli("parked", "show", ids.get(0)).exitCode() == 0);

        assertThat(second.cli("parked", "show", ids.get(0)).out()).contains("HTTP 400", "Attempts:   1");
      }
    }
  }

  private static void applyTrigger(String ns, String name, String subscriberUrl, String extraDelivery) {
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: %2$s, namespace: %1$s}
        spec:
          broker: default
          subscriber: {uri: "%3$s"}
          delivery:
            retry: 1
            backoffDelay: PT0.05S
            %4$s
        """.formatted(ns, name, subscriberUrl, extraDelivery));
    platform.awaitReady("trigger", ns, name);
  }

  private static void postEvents(String ns, String... ids) {
    for (String id : ids) {
      assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), id, "parking", "{\"n\":\"" + id + "\"}")
          .statusCode()).isEqualTo(202);
    }
  }

  private static List<String> awaitParked(String ns, String trigger, int count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> parkedIds(ns, trigger).size() >= count);
    return parkedIds(ns, trigger);
  }

  private static List<String> parkedIds(String ns, String trigger) {
    CliResult listed = platform.cli("parked", "list", "trigger/" + trigger, "-n", ns);
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    Matcher ids = ID.matcher(listed.out());
    List<String> found = new java.util.ArrayList<>();
    while (ids.find()) {
      found.add(ids.group(1));
    }
    return found;
  }
}
