package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BrokerSmokeTest {

  private static String metrics() throws Exception {
    var response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(platform.metricsUrl() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldDeliverMatchingEventsToTriggerSubscriberWhenBrokerAndTriggerAreApplied() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: greetings, namespace: %s}
          spec:
            broker: default
            filter: {attributes: {type: greeting}}
            subscriber: {uri: "%s"}
          """.formatted(ns, ns, subscriber.url()));
      platform.awaitReady("trigger", ns, "greetings");

      assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), "1", "greeting", "{}").statusCode()).isEqualTo(202);
      assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), "2", "other", "{}").statusCode()).isEqualTo(202);
      assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), "3", "greeting", "{}").statusCode()).isEqualTo(202);

      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 2);
      assertThat(subscriber.received()).extracting(RecordingSubscriber.Received::id).containsExactlyInAnyOrder("1", "3");
      assertThat(subscriber.received().get(0).header("prefer")).isEqualTo("reply");
      assertThat(subscriber.received().get(0).header("kn-namespace")).isEqualTo(ns);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(metrics())
          .contains("kafka_eventing_trigger_delivered_total{namespace=\"" + ns + "\",trigger=\"greetings\"} 2"));
    }
  }
}
