package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ContainerSource as a local process (a Python script that POSTs to {@code $K_SINK}), restarted
 * when killed, its log through the CLI; a SinkBinding redirecting it; no command, no process.
 */
class ContainerSourceTest {

  private static PlatformHarness platform;
  private static Path script;

  @BeforeAll
  static void start() throws URISyntaxException {
    platform = PlatformHarness.start();
    script = Path.of(Objects.requireNonNull(ContainerSourceTest.class.getResource("/containersource/post-events.py"))
        .toURI());
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldDeliverTheProcessEventsToATriggerAndRestartItWhenKilled() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      PingSourceTest.apply(platform, ns, """
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: heartbeats}
          spec:
            broker: default
            filter: {attributes: {type: dev.example.heartbeat}}
            subscriber: {uri: "%s"}
          ---
          apiVersion: sources.knative.dev/v1
          kind: ContainerSource
          metadata: {name: heartbeat}
          spec:
            template:
              spec:
                containers:
                  - image: example.com/heartbeats:latest
                    command: ["python3", "%s"]
                    env: [{name: PYTHONUNBUFFERED, value: "1"}]
            ceOverrides: {extensions: {origin: script}}
            sink:
              ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}
          """.formatted(subscriber.url(), script));
      platform.awaitReady("containersource", ns, "heartbeat");
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 2);
      Received first = subscriber.received().get(0);
      String firstPid = pidOf(first);

      ProcessHandle.of(Long.parseLong(firstPid)).orElseThrow().destroyForcibly();

      await().atMost(Duration.ofSeconds(30)).until(() ->
          subscriber.received().stream().anyMatch(r -> !pidOf(r).equals(firstPid)));
      assertThat(first.header("ce-source")).isEqualTo("/containersource/script");
      assertThat(first.header("ce-origin")).isEqualTo("script");
      CliResult logs = platform.cli("logs", "containersource/heartbeat", "-n", ns, "--tail", "1000");
      assertThat(logs.exitCode()).as(logs.err()).isZero();
      assertThat(logs.out().split("--- starting python3", -1)).hasSize(3);
      assertThat(logs.out()).contains("sent 1 to " + platform.brokerUrl(ns, "default"));
      CliResult described = platform.cli("describe", "containersource", "heartbeat", "-n", ns);
      assertThat(described.out()).contains("example.com/heartbeats:latest");
      platform.cli("delete", "containersource", "heartbeat", "-n", ns);
    }
  }

  @Test
  void shouldSendToTheBindingSinkWhenASinkBindingSelectsTheSource() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber own = RecordingSubscriber.start();
         RecordingSubscriber bound = RecordingSubscriber.start()) {
      PingSourceTest.apply(platform, ns, """
          apiVersion: sources.knative.dev/v1
          kind: ContainerSource
          metadata:
            name: bound
            labels: {app: heartbeat}
          spec:
            template:
              spec:
                containers:
                  - image: example.com/heartbeats:latest
                    command: ["python3"]
                    args: ["%s"]
            sink: {uri: "%s"}
          """.formatted(script, own.url()));
      await().atMost(Duration.ofSeconds(30)).until(() -> own.count() >= 1);

      PingSourceTest.apply(platform, ns, """
          apiVersion: sources.knative.dev/v1
          kind: SinkBinding
          metadata: {name: redirect}
          spec:
            subject:
              apiVersion: sources.knative.dev/v1
              kind: ContainerSource
              selector: {matchLabels: {app: heartbeat}}
            sink: {uri: "%s"}
            ceOverrides: {extensions: {bound: "yes"}}
          """.formatted(bound.url()));
      platform.awaitReady("sinkbinding", ns, "redirect");

      await().atMost(Duration.ofSeconds(30)).until(() -> bound.count() >= 2);
      assertThat(bound.received().get(0).header("ce-bound")).isEqualTo("yes");
      assertThat(platform.cli("get", "containersource", "bound", "-n", ns, "-o", "json").out())
          .contains("\"sinkUri\" : \"" + bound.url() + "\"");
      platform.cli("delete", "containersource", "bound", "-n", ns);
    }
  }

  @Test
  void shouldSayACommandIsNeededWhenTheContainerHasOnlyAnImage() {
    String ns = PlatformHarness.uniqueNamespace();

    PingSourceTest.apply(platform, ns, """
        apiVersion: sources.knative.dev/v1
        kind: ContainerSource
        metadata: {name: image-only}
        spec:
          template:
            spec:
              containers:
                - image: gcr.io/knative-releases/knative.dev/eventing/cmd/heartbeats
          sink: {uri: "http://127.0.0.1:1/"}
        """);

    await().atMost(Duration.ofSeconds(30)).until(() ->
        platform.cli("get", "containersource", "image-only", "-n", ns, "-o", "json").out().contains("CommandRequired"));
    assertThat(platform.cli("get", "containersource", "image-only", "-n", ns, "-o", "json").out())
        .contains("does not run images: add a command");
  }

  private static String pidOf(Received received) {
    return received.id().substring(0, received.id().indexOf('-'));
  }
}
