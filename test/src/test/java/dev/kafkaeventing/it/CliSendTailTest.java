package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code send} and {@code tail} against a running platform: a Broker, a Trigger, a subscriber. */
class CliSendTailTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static PlatformHarness platform;
  private static RecordingSubscriber subscriber;
  private static String namespace;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
    subscriber = RecordingSubscriber.start();
    namespace = PlatformHarness.uniqueNamespace();
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: orders, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: created, namespace: %1$s}
        spec:
          broker: orders
          filter: {attributes: {type: order.created}}
          subscriber: {uri: "%2$s"}
        """.formatted(namespace, subscriber.url()));
    platform.awaitReady("trigger", namespace, "created");
  }

  @AfterAll
  static void stop() {
    subscriber.close();
    platform.close();
  }

  @Test
  void shouldDeliverToTriggerSubscriberWhenEventIsSentToBroker() throws Exception {
    Path data = Files.createTempFile("order", ".json");
    Files.writeString(data, "{\"order\":42}");

    CliResult result = CliRunner.run(platform, "send", "broker/orders", "-n", namespace, "--type", "order.created",
        "--source", "/cli", "--id", "send-1", "--subject", "o-42", "--data", "@" + data, "--extension", "region=eu");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("202 event send-1 sent to ");
    await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.received().stream()
        .anyMatch(received -> received.id().equals("send-1")));
    RecordingSubscriber.Received received = subscriber.received().stream()
        .filter(r -> r.id().equals("send-1")).findFirst().orElseThrow();
    assertThat(received.header("ce-subject")).isEqualTo("o-42");
    assertThat(received.header("ce-region")).isEqualTo("eu");
    assertThat(received.header("content-type")).isEqualTo("application/json");
    assertThat(new String(received.body(), StandardCharsets.UTF_8)).isEqualTo("{\"order\":42}");
  }

  @Test
  void shouldExitOneWithReasonWhenBrokerRefusesEvent() {
    CliResult result = CliRunner.run(platform, "send", "broker/missing", "-n", namespace, "--type", "t",
        "--source", "/cli");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("brokers \"missing\" not found");
  }

  @Test
  void shouldShowSentEventsFilteredByCesqlWhenTailStartsAtEarliest() throws Exception {
    for (String type : List.of("tail.a", "tail.b", "tail.a")) {
      assertThat(CliRunner.run(platform, "send", "broker/orders", "-n", namespace, "--type", type,
          "--source", "/tail", "--data", "hello").exitCode()).isZero();
    }

    CliResult lines = CliRunner.run(platform, "tail", "broker/orders", "-n", namespace, "--from", "earliest",
        "--cesql", "type = 'tail.a'", "--max", "2", "--timeout", "20s");
    CliResult json = CliRunner.run(platform, "tail", "broker/orders", "-n", namespace, "--from", "earliest",
        "--attr", "type=tail.b", "--max", "1", "--timeout", "20s", "-o", "json");

    assertThat(lines.exitCode()).as(lines.err()).isZero();
    assertThat(lines.out().lines().toList()).hasSize(2)
        .allSatisfy(line -> assertThat(line.split("  ")).contains("tail.a", "/tail", "-", "5B"));
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode event = JSON.readTree(json.out());
    assertThat(event.path("type").asText()).isEqualTo("tail.b");
    assertThat(event.path("data").asText()).isEqualTo("hello");
  }

  @Test
  void shouldShowLiveEventsMatchedByTriggerWhenTailFollowsTrigger() {
    CompletableFuture<CliResult> tail = CompletableFuture.supplyAsync(() -> CliRunner.run(platform, "tail",
        "trigger/created", "-n", namespace, "--max", "1", "--timeout", "30s"));

    // The tail starts at the end: send until one arrives after it is live.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
      CliRunner.run(platform, "send", "broker/orders", "-n", namespace, "--type", "other", "--source", "/live");
      CliRunner.run(platform, "send", "broker/orders", "-n", namespace, "--type", "order.created",
          "--source", "/live");
      return tail.isDone();
    });

    CliResult result = tail.join();
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().lines().toList()).singleElement()
        .satisfies(line -> assertThat(line).contains("order.created", "/live"));
  }

  @Test
  void shouldRefuseTailWhenFilterIsInvalid() {
    CliResult result = CliRunner.run(platform, "tail", "broker/orders", "-n", namespace, "--cesql", "type = ",
        "--max", "1");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("filter:");
  }
}
