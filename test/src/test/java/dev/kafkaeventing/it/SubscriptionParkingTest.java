package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Subscription's (and so a Sequence step's) exhausted events are parked like a Trigger's: listed,
 * shown, redriven and purged with {@code subscription/NAME}, counted by {@code describe
 * subscription}, and on {@code /metrics} beside the Triggers' series.
 */
class SubscriptionParkingTest {

  private static final Pattern ID = Pattern.compile("^([0-9a-f]{8}-\\d+-\\d+)\\s", Pattern.MULTILINE);
  /** One sample line of the Prometheus text format 0.0.4: name, optional escaped labels, value. */
  private static final Pattern SAMPLE = Pattern.compile(
      "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\[\\\\\"n]|[^\"\\\\\\n])*\""
          + "(,[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\[\\\\\"n]|[^\"\\\\\\n])*\")*})? "
          + "(-?[0-9.]+([eE][-+]?[0-9]+)?|NaN|\\+Inf|-Inf)( -?[0-9]+)?$");
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
  void shouldParkShowRedriveAndPurgeWhenSubscriberOfSubscriptionFails() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      subscriber.respondWith(r -> Reply.status(500));
      platform.apply("""
          apiVersion: messaging.knative.dev/v1
          kind: InMemoryChannel
          metadata: {name: orders, namespace: %1$s}
          ---
          apiVersion: messaging.knative.dev/v1
          kind: Subscription
          metadata: {name: failing, namespace: %1$s}
          spec:
            channel: {apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: orders}
            subscriber: {uri: "%2$s"}
            delivery: {retry: 1, backoffDelay: PT0.05S}
          """.formatted(ns, subscriber.url()));
      platform.awaitReady("subscription", ns, "failing");
      String channel = ChannelTestSupport.get(platform, "InMemoryChannel", ns, "orders")
          .path("status").path("address").path("url").asText();
      for (String id : List.of("s1", "s2", "s3")) {
        assertThat(PlatformHarness.postEvent(channel, id, "parking", "{\"n\":\"" + id + "\"}").statusCode())
            .isEqualTo(202);
      }

      List<String> ids = awaitParked(ns, "failing", 3);
      CliResult shown = platform.cli("parked", "show", ids.get(0));
      CliResult described = platform.cli("describe", "subscription", "failing", "-n", ns);
      String metrics = metrics();

      assertThat(shown.exitCode()).as(shown.err()).isZero();
      assertThat(shown.out()).contains("Subscription: " + ns + "/failing (channel " + ns + "/orders)",
          "Status:     500", "Attempts:   2", "type: parking");
      assertThat(described.out()).contains("parked: 3", "failed: 3", "retried: 3");
      assertThat(metrics).contains(
          "kafka_eventing_subscription_failed_total{namespace=\"" + ns + "\",subscription=\"failing\"} 3",
          "kafka_eventing_subscription_retried_total{namespace=\"" + ns + "\",subscription=\"failing\"} 3",
          "kafka_eventing_subscription_delivered_total{namespace=\"" + ns + "\",subscription=\"failing\"} 0",
          "kafka_eventing_delivery_duration_seconds_count{kind=\"subscription\",name=\"failing\",namespace=\"" + ns + "\"} 3",
          "kafka_eventing_ingress_requests_total{code=\"202\",kind=\"channel\",name=\"orders\",namespace=\"" + ns + "\"} 3");
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(metrics())
          .contains("kafka_eventing_subscription_parked{namespace=\"" + ns + "\",subscription=\"failing\"} 3"));

      CliResult purged = platform.cli("parked", "purge", "subscription/failing", "-n", ns, ids.get(0));
      subscriber.respondWith(r -> Reply.status(202));
      CliResult redriven = platform.cli("parked", "redrive", "subscription/failing", "-n", ns, "--all");

      assertThat(purged.exitCode()).as(purged.err()).isZero();
      assertThat(purged.out()).contains("purged 1 event(s) of subscription " + ns + "/failing", ids.get(0));
      assertThat(redriven.exitCode()).as(redriven.err()).isZero();
      assertThat(redriven.out()).contains("redriven 2 event(s) to subscription " + ns + "/failing");
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 8);
      assertThat(subscriber.received().subList(6, 8)).extracting(Received::id).hasSize(2).doesNotContainNull();
      assertThat(parkedIds(ns, "failing")).isEmpty();
    }
  }

  @Test
  void shouldParkTheEventOfASequenceStepWhoseSubscriberFails() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber step = RecordingSubscriber.start()) {
      step.respondWith(r -> Reply.status(503));
      platform.apply("""
          apiVersion: flows.knative.dev/v1
          kind: Sequence
          metadata: {name: pipeline, namespace: %1$s}
          spec:
            channelTemplate: {apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel}
            steps:
              - uri: "%2$s"
                delivery: {retry: 1, backoffDelay: PT0.05S}
          """.formatted(ns, step.url()));
      platform.awaitReady("sequence", ns, "pipeline");
      String url = ChannelTestSupport.get(platform, "Sequence", ns, "pipeline")
          .path("status").path("address").path("url").asText();
      assertThat(PlatformHarness.postEvent(url, "q1", "step", "{}").statusCode()).isEqualTo(202);

      List<String> ids = awaitParked(ns, "pipeline-kn-sequence-0", 1);
      CliResult shown = platform.cli("parked", "show", ids.get(0));

      assertThat(shown.out()).contains("Subscription: " + ns + "/pipeline-kn-sequence-0", "Status:     503");
    }
  }

  @Test
  void shouldServeTriggerAndSubscriptionSeriesInValidTextFormatWhenScraped() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %1$s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: counted, namespace: %1$s}
          spec:
            broker: default
            filters: [{cesql: "myext = 'x'"}]
            subscriber: {uri: "%2$s"}
          """.formatted(ns, subscriber.url()));
      platform.awaitReady("trigger", ns, "counted");
      int accepted = PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), "m1", "metrics", "{}").statusCode();
      int unknown = PlatformHarness.postEvent(platform.ingressUrl() + "/" + ns + "/no-such-broker", "m2", "metrics", "{}")
          .statusCode();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics()).contains(
          "kafka_eventing_filter_evaluation_errors_total{kind=\"trigger\",name=\"counted\",namespace=\"" + ns + "\"} 1"));
      String metrics = metrics();

      assertThat(accepted).isEqualTo(202);
      assertThat(unknown).isEqualTo(404);
      assertThat(metrics).contains(
          "kafka_eventing_trigger_delivered_total{namespace=\"" + ns + "\",trigger=\"counted\"} 0",
          "kafka_eventing_trigger_pending{namespace=\"" + ns + "\",trigger=\"counted\"} 0",
          "kafka_eventing_ingress_requests_total{code=\"202\",kind=\"broker\",name=\"default\",namespace=\"" + ns + "\"} 1",
          "kafka_eventing_ingress_requests_total{code=\"404\",kind=\"unknown\",name=\"\",namespace=\"\"}",
          "kafka_eventing_ingress_publish_duration_seconds_count{kind=\"broker\",name=\"default\",namespace=\"" + ns + "\"} 1",
          "kafka_eventing_ingress_connections ");
      assertThat(metrics.lines().filter(line -> !line.isEmpty() && !line.startsWith("#")))
          .isNotEmpty()
          .allSatisfy(line -> assertThat(line).matches(SAMPLE));
    }
  }

  private static String metrics() {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.metricsUrl() + "/metrics"))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> awaitParked(String ns, String subscription, int count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> parkedIds(ns, subscription).size() >= count);
    return parkedIds(ns, subscription);
  }

  private static List<String> parkedIds(String ns, String subscription) {
    CliResult listed = platform.cli("parked", "list", "subscription/" + subscription, "-n", ns);
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    Matcher ids = ID.matcher(listed.out());
    List<String> found = new ArrayList<>();
    while (ids.find()) {
      found.add(ids.group(1));
    }
    return found;
  }
}
