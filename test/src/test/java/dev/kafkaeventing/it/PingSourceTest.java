package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PingSource end to end: ticks at the scheduled times (seconds through the schedule-seconds
 * annotation), with the data, content type and extensions given, as Knative sends them; the
 * Knative docs' PingSource to a Broker applies unchanged.
 */
class PingSourceTest {

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
  void shouldTickOnTheSecondsScheduleWithDataAndContentTypeWhenApplied() {
    String ns = PlatformHarness.uniqueNamespace();
    long wallMinusNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    try (RecordingSubscriber sink = RecordingSubscriber.start()) {
      apply(platform, ns, """
          apiVersion: sources.knative.dev/v1
          kind: PingSource
          metadata:
            name: every-2s
            annotations: {kafka-eventing.dev/schedule-seconds: "*/2"}
          spec:
            schedule: "* * * * *"
            contentType: "application/json"
            data: '{"message": "Hello world!"}'
            ceOverrides: {extensions: {team: ops}}
            sink: {uri: "%s"}
          """.formatted(sink.url()));
      platform.awaitReady("pingsource", ns, "every-2s");

      await().atMost(Duration.ofSeconds(20)).until(() -> sink.count() >= 4);

      List<Received> ticks = sink.received().subList(0, 4);
      for (Received tick : ticks) {
        Instant time = Instant.parse(tick.header("ce-time"));
        Instant arrived = Instant.ofEpochSecond(0, tick.receivedAtNanos() + wallMinusNanos);
        assertThat(time.getEpochSecond() % 2).isZero();
        assertThat(time.getNano()).isZero();
        assertThat(Duration.between(time, arrived).abs().toMillis()).as("arrival of tick %s", time).isLessThan(300);
        assertThat(tick.header("ce-type")).isEqualTo("dev.knative.sources.ping");
        assertThat(tick.header("ce-source")).isEqualTo("/apis/v1/namespaces/" + ns + "/pingsources/every-2s");
        assertThat(tick.header("ce-team")).isEqualTo("ops");
        assertThat(tick.header("content-type")).isEqualTo("application/json");
        assertThat(new String(tick.body(), StandardCharsets.UTF_8)).isEqualTo("{\"message\": \"Hello world!\"}");
      }
      assertThat(ticks).extracting(Received::id).doesNotHaveDuplicates();
      assertThat(ticks).extracting(t -> Instant.parse(t.header("ce-time")))
          .isSorted().doesNotHaveDuplicates();
      CliResult status = platform.cli("get", "pingsource", "every-2s", "-n", ns, "-o", "json");
      assertThat(status.out()).contains("\"sinkUri\" : \"" + sink.url() + "\"").contains("SinkProvided");
    }
  }

  @Test
  void shouldDeliverThroughBrokerAndTriggerWhenTheKnativeDocsExampleIsApplied() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      apply(platform, ns, """
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata:
            name: default
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata:
            name: ping-trigger
          spec:
            broker: default
            filter:
              attributes:
                type: dev.knative.sources.ping
            subscriber:
              uri: %s
          """.formatted(subscriber.url()));
      String docsExample = """
          apiVersion: sources.knative.dev/v1
          kind: PingSource
          metadata:
            name: test-ping-source
          spec:
            schedule: "*/1 * * * *"
            contentType: "application/json"
            data: '{"message": "Hello world!"}'
            sink:
              ref:
                apiVersion: eventing.knative.dev/v1
                kind: Broker
                name: default
          """;
      apply(platform, ns, docsExample);
      platform.awaitReady("pingsource", ns, "test-ping-source");
      assertThat(platform.cli("get", "pingsource", "test-ping-source", "-n", ns, "-o", "json").out())
          .contains("\"sinkUri\" : \"" + platform.brokerUrl(ns, "default") + "\"");

      // The same source, ticking every second instead of every minute so the test stays short.
      apply(platform, ns, docsExample.replace("  name: test-ping-source\n",
          "  name: test-ping-source\n  annotations: {kafka-eventing.dev/schedule-seconds: \"*\"}\n"));

      await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.count() >= 2);
      Received first = subscriber.received().get(0);
      assertThat(first.header("ce-source")).isEqualTo("/apis/v1/namespaces/" + ns + "/pingsources/test-ping-source");
      assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"message\": \"Hello world!\"}");
    }
  }

  static void apply(PlatformHarness platform, String ns, String yaml) {
    try {
      Path file = Files.createTempFile(platform.platformConfig().dataDir(), "apply", ".yaml");
      Files.writeString(file, yaml);
      CliResult result = platform.cli("apply", "-f", file.toString(), "-n", ns);
      assertThat(result.exitCode()).as(result.err()).isZero();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
