package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.TriggerTestSupport.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Knative's "Getting Started with Knative Eventing" (a Broker named default in namespace
 * event-example, Triggers hello-display and goodbye-display, three events sent with curl),
 * with the documented YAML and requests; the consumers are HTTP servers of this test.
 */
class TriggerGettingStartedTest {

  /** The Broker of the guide, as printed there. */
  private static final String BROKER = """
      apiVersion: eventing.knative.dev/v1
      kind: broker
      metadata:
       name: default
       namespace: event-example
      """;

  /** The guide's Triggers, applied there with {@code kubectl -n event-example apply}. */
  private static final String HELLO_TRIGGER = """
      apiVersion: eventing.knative.dev/v1
      kind: Trigger
      metadata:
        name: hello-display
      spec:
        broker: default
        filter:
          attributes:
            type: greeting
        subscriber:
          ref:
           apiVersion: v1
           kind: Service
           name: hello-display
      """;

  private static final String GOODBYE_TRIGGER = """
      apiVersion: eventing.knative.dev/v1
      kind: Trigger
      metadata:
        name: goodbye-display
      spec:
        broker: default
        filter:
          attributes:
            source: sendoff
        subscriber:
          ref:
           apiVersion: v1
           kind: Service
           name: goodbye-display
      """;

  private static final String SERVICE_REF = """
        subscriber:
          ref:
           apiVersion: v1
           kind: Service
           name: %s
      """;

  @Test
  void shouldDeliverGuideEventsToMatchingDisplaysWhenGuideYamlIsApplied() {
    try (PlatformHarness platform = PlatformHarness.start();
        RecordingSubscriber hello = RecordingSubscriber.start();
        RecordingSubscriber goodbye = RecordingSubscriber.start()) {
      // The guide's YAML as printed (lower-case "kind: broker" included), applied like
      // `kubectl -n event-example apply`; only the v1 Service subscribers become uris.
      platform.apply(BROKER);
      applyInNamespace(platform, withUri(HELLO_TRIGGER, "hello-display", hello));
      applyInNamespace(platform, withUri(GOODBYE_TRIGGER, "goodbye-display", goodbye));
      platform.awaitReady("trigger", "event-example", "hello-display");
      platform.awaitReady("trigger", "event-example", "goodbye-display");
      String broker = platform.brokerUrl("event-example", "default");

      assertThat(curl(broker, "say-hello", "greeting", "not-sendoff", "{\"msg\":\"Hello Knative!\"}")).isEqualTo(202);
      assertThat(curl(broker, "say-goodbye", "not-greeting", "sendoff", "{\"msg\":\"Goodbye Knative!\"}")).isEqualTo(202);
      assertThat(curl(broker, "say-hello-goodbye", "greeting", "sendoff",
          "{\"msg\":\"Hello Knative! Goodbye Knative!\"}")).isEqualTo(202);

      await().atMost(Duration.ofSeconds(30)).until(() -> hello.count() >= 2 && goodbye.count() >= 2);
      assertThat(ids(hello)).containsExactlyInAnyOrder("say-hello", "say-hello-goodbye");
      assertThat(ids(goodbye)).containsExactlyInAnyOrder("say-goodbye", "say-hello-goodbye");
      assertThat(new String(hello.received().stream().filter(r -> r.id().equals("say-hello")).findFirst()
          .orElseThrow().body(), StandardCharsets.UTF_8)).isEqualTo("{\"msg\":\"Hello Knative!\"}");
      String table = platform.cli("get", "triggers", "-n", "event-example").out();
      assertThat(table.lines().filter(line -> line.contains("display")).toList()).hasSize(2)
          .allSatisfy(line -> assertThat(List.of(line.split("\\s+"))).contains("default", "True"));
    }
  }

  /** The guide's only change: the subscriber is a URL instead of a Kubernetes Service. */
  private static String withUri(String trigger, String service, RecordingSubscriber subscriber) {
    String ref = SERVICE_REF.formatted(service);
    assertThat(trigger).contains(ref);
    return trigger.replace(ref, "  subscriber:\n    uri: " + subscriber.url() + "\n");
  }

  private static void applyInNamespace(PlatformHarness platform, String yaml) {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("guide", ".yaml");
      java.nio.file.Files.writeString(file, yaml);
      var result = platform.cli("apply", "-n", "event-example", "-f", file.toString());
      assertThat(result.exitCode()).as(result.err()).isZero();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The guide's curl: binary mode, Ce-* headers in the guide's capitalisation. */
  private static int curl(String url, String id, String type, String source, String data) {
    return PlatformHarness.post(url, Map.of("Ce-Id", id, "Ce-Specversion", "1.0", "Ce-Type", type,
        "Ce-Source", source, "Content-Type", "application/json"), data.getBytes(StandardCharsets.UTF_8)).statusCode();
  }
}
