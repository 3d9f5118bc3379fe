package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.platform.kafka.EmbeddedKafka;
import dev.kafkaeventing.platform.kafka.EmbeddedKafkaConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What the ingress answers while it cannot take an event: 503 with {@code Retry-After} (which
 * clients retry) for a declared Broker not served yet and, within the publish timeout, while Kafka
 * is down; 404 (which clients take as final) only for a Broker nobody declared.
 */
class IngressAvailabilityTest {

  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(1);

  @Test
  void shouldAnswer503WithRetryAfterWhenBrokerIsDeclaredButNotServedAnd404WhenUndeclared() {
    String ns = PlatformHarness.uniqueNamespace();
    try (PlatformHarness platform = PlatformHarness.start()) {
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: waiting, namespace: %s}
          spec:
            config: {apiVersion: v1, kind: ConfigMap, name: not-there-yet}
          """.formatted(ns));
      await().atMost(Duration.ofSeconds(30)).until(() ->
          platform.cli("get", "broker", "waiting", "-n", ns, "-o", "json").out().contains("ConfigMapNotFound"));

      HttpResponse<String> declared = PlatformHarness.postEvent(platform.brokerUrl(ns, "waiting"), "1", "t", "{}");
      HttpResponse<String> undeclared = PlatformHarness.postEvent(platform.brokerUrl(ns, "nobody"), "2", "t", "{}");

      assertThat(declared.statusCode()).isEqualTo(503);
      assertThat(declared.headers().firstValue("retry-after")).hasValue("1");
      assertThat(declared.body()).startsWith("broker at /" + ns + "/waiting is not ready yet");
      assertThat(undeclared.statusCode()).isEqualTo(404);
      assertThat(undeclared.body()).startsWith("no broker at /" + ns + "/nobody");
    }
  }

  @Test
  void shouldAnswer503WithRetryAfterWithinThePublishTimeoutWhenKafkaIsDown() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    EmbeddedKafkaConfig kafkaConfig = new EmbeddedKafkaConfig(Files.createTempDirectory("kafka-eventing-outage"),
        EmbeddedKafkaConfig.DEFAULT_HOST, freePort(), freePort());
    EmbeddedKafka kafka = EmbeddedKafka.start(kafkaConfig);
    try (PlatformHarness platform = PlatformHarness.start(PlatformHarness.config()
        .withBootstrapServers(kafka.bootstrapServers()).withPublishTimeout(PUBLISH_TIMEOUT))) {
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %s}
          """.formatted(ns));
      platform.awaitReady("broker", ns, "default");
      String url = platform.brokerUrl(ns, "default");
      assertThat(PlatformHarness.postEvent(url, "before", "t", "{}").statusCode()).isEqualTo(202);

      kafka.close();
      long slowestMs = 0;
      for (int i = 0; i < 3; i++) {
        long begin = System.nanoTime();
        HttpResponse<String> response = PlatformHarness.postEvent(url, "during-" + i, "t", "{}");
        long tookMs = (System.nanoTime() - begin) / 1_000_000;
        slowestMs = Math.max(slowestMs, tookMs);

        assertThat(response.statusCode()).as("answer %d, after %d ms: %s", i, tookMs, response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).hasValue("1");
      }
      System.out.printf("Kafka down: slowest 503 after %d ms (publish timeout %d ms)%n",
          slowestMs, PUBLISH_TIMEOUT.toMillis());
      assertThat(slowestMs).isLessThan(PUBLISH_TIMEOUT.toMillis() + 1_000);

      kafka = EmbeddedKafka.start(kafkaConfig);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> PlatformHarness.postEvent(url, "after", "t", "{}").statusCode() == 202);
    } finally {
      kafka.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
