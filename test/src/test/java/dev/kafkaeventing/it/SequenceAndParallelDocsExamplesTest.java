package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Knative docs' Sequence ("Using Sequence with Broker and Trigger") and Parallel ("Parallel
 * with multiple cases") examples, applied as written except that each Service {@code ref} is a
 * {@code uri} of a test subscriber doing what the sample's container does, and a namespace is
 * added; driven by HTTP instead of a PingSource.
 */
class SequenceAndParallelDocsExamplesTest {

  static PlatformHarness platform;
  final List<RecordingSubscriber> subscribers = new ArrayList<>();

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @AfterEach
  void closeSubscribers() {
    subscribers.forEach(RecordingSubscriber::close);
  }

  private RecordingSubscriber track(RecordingSubscriber subscriber) {
    subscribers.add(subscriber);
    return subscriber;
  }

  /** The docs' YAML in namespace {@code ns}: each top-level {@code metadata:} gets a namespace. */
  private static void applyInNamespace(String ns, String yaml) {
    platform.apply(yaml.replace("metadata:\n", "metadata:\n  namespace: " + ns + "\n"));
  }

  /** Knative's {@code appender} sample: appends MESSAGE to {@code data.message}, sets TYPE if given. */
  private RecordingSubscriber appender(String message, String type) {
    return track(RecordingSubscriber.start().respondWith(r -> ChannelTestSupport.replyWith(r, type,
        d -> d.put("message", d.path("message").asText() + message))));
  }

  @Test
  void shouldAppendThreeTimesAndReplyToBrokerWhenSequenceDocsExampleRuns() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber first = appender(" - Handled by 0", null);
    RecordingSubscriber second = appender(" - Handled by 1", null);
    RecordingSubscriber third = appender(" - Handled by 2", "samples.http.mod3");
    RecordingSubscriber display = track(RecordingSubscriber.start());
    applyInNamespace(ns, """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
         name: default
        ---
        apiVersion: flows.knative.dev/v1
        kind: Sequence
        metadata:
          name: sequence
        spec:
          channelTemplate:
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
          steps:
            - uri: %s
            - uri: %s
            - uri: %s
          reply:
            ref:
              kind: Broker
              apiVersion: eventing.knative.dev/v1
              name: default
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: sequence-trigger
        spec:
          broker: default
          filter:
            attributes:
              type: dev.knative.sources.ping
          subscriber:
            ref:
              apiVersion: flows.knative.dev/v1
              kind: Sequence
              name: sequence
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: display-trigger
        spec:
          broker: default
          filter:
            attributes:
              type: samples.http.mod3
          subscriber:
            uri: %s
        """.replace("metadata:\n name:", "metadata:\n  name:")
        .formatted(first.url(), second.url(), third.url(), display.url()));
    platform.awaitReady("sequence", ns, "sequence");
    platform.awaitReady("trigger", ns, "sequence-trigger");
    platform.awaitReady("trigger", ns, "display-trigger");

    String broker = platform.brokerUrl(ns, "default");
    IntStream.range(0, 5).forEach(i -> assertThat(PlatformHarness.postEvent(broker, "ping-" + i,
        "dev.knative.sources.ping", "{\"message\": \"Hello world!\"}").statusCode()).isEqualTo(202));

    await().atMost(Duration.ofSeconds(60)).until(() -> display.count() >= 5);
    assertThat(display.received()).extracting(Received::id)
        .containsExactlyInAnyOrder("ping-0", "ping-1", "ping-2", "ping-3", "ping-4");
    assertThat(display.received()).allSatisfy(r -> {
      assertThat(r.header("ce-type")).isEqualTo("samples.http.mod3");
      assertThat(ChannelTestSupport.data(r).path("message").asText())
          .isEqualTo("Hello world! - Handled by 0 - Handled by 1 - Handled by 2");
    });
    assertThat(platform.cli("get", "inmemorychannels", "-n", ns).out())
        .contains("sequence-kn-sequence-0", "sequence-kn-sequence-1", "sequence-kn-sequence-2");
  }

  /** The docs' filter: {@code Math.round(Date.parse(event.time) / 60000) % 2 === parity}. */
  private RecordingSubscriber timeFilter(int parity) {
    return track(RecordingSubscriber.start().respondWith(r ->
        Math.round(Instant.parse(r.header("ce-time")).toEpochMilli() / 60000.0) % 2 == parity
            ? ChannelTestSupport.replyWith(r, null, d -> d)
            : Reply.status(202)));
  }

  /** The docs' transformer: replaces the data. */
  private RecordingSubscriber transformer(String message) {
    return track(RecordingSubscriber.start().respondWith(r ->
        ChannelTestSupport.replyWith(r, null, d -> d.removeAll().put("message", message))));
  }

  @Test
  void shouldRouteEvenAndOddMinutesToTheirBranchWhenParallelDocsExampleRuns() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber display = track(RecordingSubscriber.start());
    applyInNamespace(ns, """
        apiVersion: flows.knative.dev/v1
        kind: Parallel
        metadata:
          name: odd-even-parallel
        spec:
          channelTemplate:
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
          branches:
            - filter:
                uri: %s
              subscriber:
                uri: %s
            - filter:
                uri: %s
              subscriber:
                uri: %s
          reply:
            uri: %s
        """.formatted(timeFilter(0).url(), transformer("we are even!").url(), timeFilter(1).url(),
        transformer("this is odd!").url(), display.url()));
    platform.awaitReady("parallel", ns, "odd-even-parallel");
    String url = ChannelTestSupport.get(platform, "parallel", ns, "odd-even-parallel")
        .path("status").path("address").path("url").asText();

    for (int minute = 20; minute < 26; minute++) {
      HttpHeadersForPing ping = new HttpHeadersForPing("ping-" + minute, "2020-03-03T21:" + minute + ":00Z");
      assertThat(PlatformHarness.post(url, ping.headers(), "{\"message\": \"Even or odd?\"}"
          .getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> display.count() >= 6);
    assertThat(display.received()).extracting(Received::id).doesNotHaveDuplicates().hasSize(6);
    assertThat(display.received()).allSatisfy(r -> {
      long minutes = Math.round(Instant.parse(r.header("ce-time")).toEpochMilli() / 60000.0);
      assertThat(ChannelTestSupport.data(r).path("message").asText())
          .isEqualTo(minutes % 2 == 0 ? "we are even!" : "this is odd!");
    });
  }

  /** A PingSource-like event's headers. */
  private record HttpHeadersForPing(String id, String time) {
    Map<String, String> headers() {
      return Map.of("ce-specversion", "1.0", "ce-id", id, "ce-type", "dev.knative.sources.ping",
          "ce-source", "/apis/v1/namespaces/default/pingsources/ping-source", "ce-time", time,
          "content-type", "application/json");
    }
  }
}
