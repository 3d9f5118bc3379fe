package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The channel data plane's HTTP contract, against a real platform and subscriber. */
class ChannelIngressTest {

  static PlatformHarness platform;
  static RecordingSubscriber subscriber;
  static String ns;
  static String channelUrl;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
    subscriber = RecordingSubscriber.start();
    ns = PlatformHarness.uniqueNamespace();
    platform.apply("""
        apiVersion: messaging.knative.dev/v1beta1
        kind: KafkaChannel
        metadata: {name: events, namespace: %s}
        spec: {numPartitions: 2, replicationFactor: 1, retentionDuration: PT1H}
        ---
        apiVersion: messaging.knative.dev/v1
        kind: Subscription
        metadata: {name: recorder, namespace: %s}
        spec:
          channel: {apiVersion: messaging.knative.dev/v1beta1, kind: KafkaChannel, name: events}
          subscriber: {uri: "%s"}
        """.formatted(ns, ns, subscriber.url()));
    platform.awaitReady("subscription", ns, "recorder");
    channelUrl = ChannelTestSupport.get(platform, "kafkachannel", ns, "events")
        .path("status").path("address").path("url").asText();
  }

  @AfterAll
  static void stop() {
    subscriber.close();
    platform.close();
  }

  @Test
  void shouldServeChannelAtChannelsPathWhenReady() throws Exception {
    String topic = "knative-messaging-kafka." + ns + ".events";
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);

    Config config = KafkaFixture.admin().describeConfigs(List.of(resource)).all().get().get(resource);

    assertThat(channelUrl).isEqualTo(platform.ingressUrl() + "/channels/" + ns + "/events");
    assertThat(KafkaFixture.topics().describe(topic, KafkaFixture.TIMEOUT))
        .hasValueSatisfying(info -> assertThat(info.partitions()).isEqualTo(2));
    assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
  }

  @Test
  void shouldAcceptBinaryAndStructuredEventsAndDeliverThemWhenPosted() {
    int binary = PlatformHarness.postEvent(channelUrl, "bin-1", "t", "{}").statusCode();
    int structured = PlatformHarness.post(channelUrl, Map.of("content-type", "application/cloudevents+json"),
        "{\"specversion\":\"1.0\",\"id\":\"str-1\",\"source\":\"/it\",\"type\":\"t\"}".getBytes(StandardCharsets.UTF_8))
        .statusCode();

    assertThat(binary).isEqualTo(202);
    assertThat(structured).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(subscriber.received()).extracting(RecordingSubscriber.Received::id).contains("bin-1", "str-1"));
  }

  @Test
  void shouldRefuseInvalidEventWith400WhenPosted() {
    HttpResponse<String> response = PlatformHarness.post(channelUrl,
        Map.of("ce-specversion", "1.0", "ce-source", "/it", "ce-type", "t"), new byte[0]);

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void shouldAnswer404WhenChannelIsUnknown() {
    HttpResponse<String> response =
        PlatformHarness.postEvent(platform.ingressUrl() + "/channels/" + ns + "/nope", "1", "t", "{}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).startsWith("no channel at /channels/" + ns + "/nope");
  }

  @Test
  void shouldAnswer405WhenMethodIsNotPost() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(channelUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
  }

  @Test
  void shouldPassTraceparentThroughToSubscriberWhenPublisherSendsOne() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    int status = PlatformHarness.post(channelUrl, Map.of("ce-specversion", "1.0", "ce-id", "traced",
        "ce-source", "/it", "ce-type", "t", "traceparent", traceparent), new byte[0]).statusCode();

    assertThat(status).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.received().stream().anyMatch(r -> "traced".equals(r.id())));
    RecordingSubscriber.Received traced =
        subscriber.received().stream().filter(r -> "traced".equals(r.id())).findFirst().orElseThrow();
    assertThat(traced.header("traceparent")).isEqualTo(traceparent);
  }
}
