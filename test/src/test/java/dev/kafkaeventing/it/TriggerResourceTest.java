package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.TriggerTestSupport.ids;
import static dev.kafkaeventing.it.TriggerTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Triggers as resources: a subscriber given as a reference to a Broker, a Trigger applied before
 * its Broker, and what {@code get triggers} and {@code describe trigger} show.
 */
class TriggerResourceTest {

  private static final Duration DELIVERY = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

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

  private RecordingSubscriber subscriber(RecordingSubscriber.Responder responder) {
    RecordingSubscriber subscriber = RecordingSubscriber.start().respondWith(responder);
    subscribers.add(subscriber);
    return subscriber;
  }

  private static String broker(String ns, String name) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: %s, namespace: %s}
        """.formatted(name, ns);
  }

  private static JsonNode resource(String kind, String ns, String name) {
    CliResult result = platform.cli("get", kind, name, "-n", ns, "-o", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    try {
      return JSON.readTree(result.out());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readyCondition(JsonNode resource) {
    for (JsonNode condition : resource.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition;
      }
    }
    return JSON.createObjectNode();
  }

  @Test
  void shouldDeliverThroughSecondBrokerWhenSubscriberRefersToBroker() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber sink = subscriber(r -> Reply.status(202));
    platform.apply(broker(ns, "entry") + "---\n" + broker(ns, "second") + """
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: forward, namespace: %s}
        spec:
          broker: entry
          filter: {attributes: {type: it.forward}}
          subscriber:
            ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: second}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: forward-path, namespace: %s}
        spec:
          broker: entry
          filter: {attributes: {type: it.never}}
          subscriber:
            ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: second}
            uri: /extra/path
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: sink, namespace: %s}
        spec:
          broker: second
          subscriber: {uri: "%s"}
        """.formatted(ns, ns, ns, sink.url()));
    for (String trigger : List.of("forward", "forward-path", "sink")) {
      platform.awaitReady("trigger", ns, trigger);
    }

    send(platform.brokerUrl(ns, "entry"), "via-second-1", "it.forward");

    await().atMost(DELIVERY).until(() -> ids(sink).contains("via-second-1"));
    String secondAddress = resource("broker", ns, "second").path("status").path("address").path("url").asText();
    assertThat(secondAddress).isEqualTo(platform.brokerUrl(ns, "second"));
    assertThat(resource("trigger", ns, "forward").path("status").path("subscriberUri").asText())
        .isEqualTo(secondAddress);
    assertThat(resource("trigger", ns, "forward-path").path("status").path("subscriberUri").asText())
        .isEqualTo(secondAddress + "/extra/path");
  }

  @Test
  void shouldBecomeReadyWhenBrokerIsAppliedAfterTrigger() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber sink = subscriber(r -> Reply.status(202));
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: early, namespace: %s}
        spec:
          broker: late
          subscriber: {uri: "%s"}
        """.formatted(ns, sink.url()));

    await().atMost(DELIVERY).until(() -> readyCondition(resource("trigger", ns, "early")).path("reason").asText()
        .equals("BrokerDoesNotExist"));
    assertThat(readyCondition(resource("trigger", ns, "early")).path("status").asText()).isEqualTo("False");

    platform.apply(broker(ns, "late"));

    platform.awaitReady("trigger", ns, "early");
    send(platform.brokerUrl(ns, "late"), "late-1", "it.late");
    await().atMost(DELIVERY).until(() -> ids(sink).contains("late-1"));
  }

  @Test
  void shouldListBrokerSubscriberUriAndReadinessWhenGettingTriggers() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber sink = subscriber(r -> Reply.status(202));
    platform.apply(broker(ns, "default") + """
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: listed, namespace: %s}
        spec:
          broker: default
          subscriber: {uri: "%s"}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: orphan, namespace: %s}
        spec:
          broker: missing
          subscriber: {uri: "%s"}
        """.formatted(ns, sink.url(), ns, sink.url()));
    platform.awaitReady("trigger", ns, "listed");
    await().atMost(DELIVERY).until(() -> readyCondition(resource("trigger", ns, "orphan")).path("status").asText()
        .equals("False"));

    CliResult result = platform.cli("get", "triggers", "-n", ns);

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<List<String>> rows = result.out().lines().map(line -> List.of(line.trim().split("\\s+"))).toList();
    assertThat(rows.get(0)).containsSubsequence("NAME", "BROKER", "SUBSCRIBER_URI", "READY");
    int broker = rows.get(0).indexOf("BROKER");
    int uri = rows.get(0).indexOf("SUBSCRIBER_URI");
    int ready = rows.get(0).indexOf("READY");
    List<String> listed = rows.stream().filter(r -> r.get(0).equals("listed")).findFirst().orElseThrow();
    assertThat(List.of(listed.get(broker), listed.get(uri), listed.get(ready)))
        .containsExactly("default", sink.url(), "True");
    assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("orphan", "missing").contains("False", "BrokerDoesNotExist"));
  }

  @Test
  void shouldShowDeliveryCountersWhenDescribingTrigger() throws InterruptedException {
    String ns = PlatformHarness.uniqueNamespace();
    CountDownLatch release = new CountDownLatch(1);
    RecordingSubscriber sink = subscriber(r -> Reply.status(202));
    RecordingSubscriber counted = subscriber(r -> switch (r.id()) {
      case "retried" -> Reply.status(r.attempt() == 1 ? 503 : 202);
      case "rejected" -> Reply.status(422);
      case "held" -> hold(release);
      default -> Reply.status(202);
    });
    platform.apply(broker(ns, "default") + """
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: counted, namespace: %s}
        spec:
          broker: default
          subscriber: {uri: "%s"}
          delivery:
            retry: 2
            backoffDelay: PT0.05S
            deadLetterSink: {uri: "%s"}
        """.formatted(ns, counted.url(), sink.url()));
    platform.awaitReady("trigger", ns, "counted");
    String url = platform.brokerUrl(ns, "default");
    send(url, "retried", "it.counted");
    await().atMost(DELIVERY).until(() -> counted.count() == 2);
    send(url, "plain", "it.counted");
    send(url, "rejected", "it.counted");
    await().atMost(DELIVERY).until(() -> sink.count() == 1 && counted.count() == 4);

    send(url, "held", "it.counted");
    await().atMost(DELIVERY).until(() -> ids(counted).contains("held"));
    String whileHeld = describe(ns, "counted");
    release.countDown();

    assertThat(whileHeld).contains("Name:         counted", "Namespace:    " + ns)
        .containsPattern("(?m)^\\s+delivered: 2$")
        .containsPattern("(?m)^\\s+retried: 1$")
        .containsPattern("(?m)^\\s+deadLettered: 1$")
        .containsPattern("(?m)^\\s+pending: 1$");
    await().atMost(DELIVERY).untilAsserted(() -> assertThat(describe(ns, "counted"))
        .containsPattern("(?m)^\\s+delivered: 3$")
        .containsPattern("(?m)^\\s+pending: 0$"));
  }

  private static String describe(String ns, String trigger) {
    CliResult result = platform.cli("describe", "trigger", trigger, "-n", ns);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.out();
  }

  /** Answers once the test releases it: keeps a delivery in flight (the subscriber's own thread waits). */
  private static Reply hold(CountDownLatch release) {
    try {
      return Reply.status(release.await(30, TimeUnit.SECONDS) ? 202 : 500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.status(500);
    }
  }

  @Test
  void shouldRefuseNamingTheFieldWhenSubscriberSchemeIsNotHttp() {
    String ns = PlatformHarness.uniqueNamespace();

    CliResult ftp = applyTrigger(ns, "ftp-subscriber", "ftp://files.example.com/in");
    CliResult gopher = applyTrigger(ns, "gopher-subscriber", "gopher://example.com/");

    assertThat(ftp.exitCode()).isNotZero();
    assertThat(ftp.err()).contains("(Trigger ftp-subscriber): spec.subscriber.uri: 'ftp://files.example.com/in' "
        + "has scheme 'ftp'; events are delivered over HTTP");
    assertThat(gopher.exitCode()).isNotZero();
    assertThat(gopher.err()).contains("spec.subscriber.uri: 'gopher://example.com/' has scheme 'gopher'");
    assertThat(platform.cli("get", "triggers", "-n", ns).out()).contains("No resources found");
  }

  @Test
  void shouldSetReadyFalseWithReasonWhenReconcileKeepsFailing() {
    // A Trigger stored before apply refused such URIs: its reconcile fails every time.
    String ns = PlatformHarness.uniqueNamespace();
    String key = "spec/Trigger/" + ns + "/legacy";
    KafkaFixture.produce(platform.platformConfig().instanceName() + ".resources", key, """
        {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger",
         "metadata": {"name": "legacy", "namespace": "%s", "uid": "6f1c1f9e-legacy", "generation": 1,
                      "creationTimestamp": "2026-01-01T00:00:00Z"},
         "spec": {"broker": "default", "subscriber": {"uri": "ftp://files.example.com/in"}}}
        """.formatted(ns));

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode ready = readyCondition(resource("trigger", ns, "legacy"));
      assertThat(ready.path("status").asText()).isEqualTo("False");
      assertThat(ready.path("reason").asText()).isEqualTo("ReconcileFailed");
      assertThat(ready.path("message").asText()).contains("spec.subscriber.uri");
    });
  }

  private static CliResult applyTrigger(String ns, String name, String subscriberUri) {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile(platform.platformConfig().dataDir(), "trigger", ".yaml");
      java.nio.file.Files.writeString(file, """
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: %s, namespace: %s}
          spec:
            broker: default
            subscriber: {uri: "%s"}
          """.formatted(name, ns, subscriberUri));
      return CliRunner.run(platform, "apply", "-f", file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
