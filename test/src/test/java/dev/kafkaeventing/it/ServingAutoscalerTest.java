package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.it.harness.PlatformHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The KPA on real processes, with Knative's windows shortened through {@code config-autoscaler}
 * (stable window 6 s, tick 500 ms, grace 2 s): scale from zero on the first request and back to
 * zero when idle; panic scale-up under concurrent slow requests.
 */
class ServingAutoscalerTest {

  private static final String CONFIG_AUTOSCALER = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: config-autoscaler
        namespace: knative-serving
      data:
        stable-window: "6s"
        tick-interval: "500ms"
        scale-to-zero-grace-period: "2s"
        allow-zero-initial-scale: "true"
      """;

  private static final String SERVICE = """
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata:
        name: %s
        namespace: %s
      spec:
        template:
          metadata:
            annotations:
              autoscaling.knative.dev/initial-scale: "%s"
              autoscaling.knative.dev/target: "10"
          spec:
            containers:
              - image: ghcr.io/knative/helloworld-go:latest
                command: %s
      """;

  private static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
    platform.apply(CONFIG_AUTOSCALER);
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldStartAReplicaOnTheFirstRequestAndStopItWhenIdleForTheWindowAndGrace() {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(SERVICE.formatted("cold", ns, "0", ServingSupport.appCommand()));
    platform.awaitReady("ksvc", ns, "cold");
    JsonNode atZero = ServingSupport.resource(platform, "revision", ns, "cold-00001").path("status");
    assertThat(atZero.path("desiredReplicas").asInt(-1)).isZero();
    assertThat(atZero.path("actualReplicas").asInt(-1)).isZero();

    ServingSupport.Answer answer = ServingSupport.get(platform.activatorUrl(), "cold." + ns + ".example.com", "/");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).startsWith("Hello World! rev=cold-00001");
    long pid = ServingSupport.pid(answer.body());
    // stable window 6 s + grace 2 s + a tick, then the drain and SIGTERM
    await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      JsonNode status = ServingSupport.resource(platform, "revision", ns, "cold-00001").path("status");
      assertThat(status.path("desiredReplicas").asInt(-1)).isZero();
      assertThat(status.path("autoscaler").path("lastScaleEvent").path("from").asInt()).isEqualTo(1);
      assertThat(status.path("autoscaler").path("lastScaleEvent").path("reason").asText()).contains("scaled to zero");
    });
    String described = platform.cli("describe", "revision", "cold-00001", "-n", ns).out();
    assertThat(described).contains("desiredReplicas: 0").contains("mode: stable").contains("stableAverage: 0")
        .contains("reason: \"scaled to zero");
  }

  @Test
  void shouldScaleToAtLeastFourReplicasWhenFortySlowRequestsRunWithTargetTen() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(SERVICE.formatted("busy", ns, "1", ServingSupport.appCommand()));
    platform.awaitReady("ksvc", ns, "busy");
    String host = "busy." + ns + ".example.com";

    ExecutorService clients = Executors.newFixedThreadPool(40);
    try {
      List<CompletableFuture<ServingSupport.Answer>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        calls.add(CompletableFuture.supplyAsync(
            () -> ServingSupport.get(platform.activatorUrl(), host, "/?sleep=4"), clients));
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
          ServingSupport.resource(platform, "revision", ns, "busy-00001").path("status").path("desiredReplicas")
              .asInt()).isGreaterThanOrEqualTo(4));
      JsonNode status = ServingSupport.resource(platform, "revision", ns, "busy-00001").path("status");
      assertThat(status.path("autoscaler").path("lastScaleEvent").path("reason").asText()).isNotEmpty();
      assertThat(metrics()).contains("kafka_eventing_revision_desired_replicas{namespace=\"" + ns
          + "\",revision=\"busy-00001\"}");
      assertThat(calls.stream().map(CompletableFuture::join).map(ServingSupport.Answer::status))
          .containsOnly(200);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void shouldScaleOnTheBacklogFromZeroWithoutARequestAndBackToZeroWhenDelivered() {
    String ns = PlatformHarness.uniqueNamespace();
    // target 1000: concurrency alone (at most 100 in flight per Trigger) never asks for a second replica
    platform.apply("""
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: sink, namespace: %1$s}
        spec:
          template:
            metadata:
              annotations:
                autoscaling.knative.dev/initial-scale: "0"
                autoscaling.knative.dev/max-scale: "4"
                autoscaling.knative.dev/target: "1000"
                kafka-eventing.dev/backlog-per-replica: "10"
            spec:
              containers:
                - image: example.com/app
                  command: %2$s
                  env:
                    - {name: SLEEP, value: "1"}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: to-sink, namespace: %1$s}
        spec:
          broker: default
          subscriber:
            ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: sink}
        """.formatted(ns, ServingSupport.appCommand()));
    platform.awaitReady("trigger", ns, "to-sink");
    assertThat(ServingSupport.resource(platform, "revision", ns, "sink-00001").path("status")
        .path("desiredReplicas").asInt(-1)).isZero();

    for (int i = 0; i < 300; i++) {
      assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), "e-" + i, "t", "{}").statusCode())
          .isEqualTo(202);
    }

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ServingSupport.resource(platform,
        "revision", ns, "sink-00001").path("status").path("desiredReplicas").asInt()).isGreaterThanOrEqualTo(2));
    // containerConcurrency 0: the Trigger's window is the default 100 per ready replica
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(inFlightWindow(ns, "to-sink"))
        .isGreaterThanOrEqualTo(200));
    String delivered = "kafka_eventing_trigger_delivered_total{namespace=\"" + ns + "\",trigger=\"to-sink\"} ";
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics().lines()
        .filter(line -> line.startsWith(delivered)).map(line -> Double.parseDouble(line.substring(delivered.length())))
        .toList()).containsExactly(300.0));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonNode status = ServingSupport.resource(platform, "revision", ns, "sink-00001").path("status");
      assertThat(status.path("desiredReplicas").asInt(-1)).isZero();
      assertThat(status.path("actualReplicas").asInt(-1)).isZero();
    });
  }

  private static int inFlightWindow(String ns, String trigger) {
    java.util.regex.Matcher window = java.util.regex.Pattern.compile("inFlightWindow: (\\d+)")
        .matcher(platform.cli("describe", "trigger", trigger, "-n", ns).out());
    return window.find() ? Integer.parseInt(window.group(1)) : -1;
  }

  private static String metrics() throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(platform.metricsUrl() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }
}
