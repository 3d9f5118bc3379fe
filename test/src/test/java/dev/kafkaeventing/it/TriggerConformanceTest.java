package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.TriggerTestSupport.binaryHeaders;
import static dev.kafkaeventing.it.TriggerTestSupport.ids;
import static dev.kafkaeventing.it.TriggerTestSupport.jsonPayload;
import static dev.kafkaeventing.it.TriggerTestSupport.percentDecode;
import static dev.kafkaeventing.it.TriggerTestSupport.replyEvent;
import static dev.kafkaeventing.it.TriggerTestSupport.requestsFor;
import static dev.kafkaeventing.it.TriggerTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Knative's conformance checklist for Brokers and Triggers, end to end: events POSTed to a real
 * ingress, matched by a real broker topology on Kafka, delivered over HTTP to real subscribers.
 *
 * <p>One Broker with six Triggers serves every test; tests tell their events apart by id.
 */
class TriggerConformanceTest {

  private static final Duration DELIVERY = Duration.ofSeconds(30);
  private static final int LARGE = 36 * 1024;

  static PlatformHarness platform;
  static String ns;
  static String brokerUrl;
  static RecordingSubscriber allA;
  static RecordingSubscriber allB;
  static RecordingSubscriber greetings;
  static RecordingSubscriber others;
  static RecordingSubscriber replier;
  static RecordingSubscriber replies;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
    ns = PlatformHarness.uniqueNamespace();
    allA = RecordingSubscriber.start();
    allB = RecordingSubscriber.start();
    greetings = RecordingSubscriber.start();
    others = RecordingSubscriber.start();
    replies = RecordingSubscriber.start();
    replier = RecordingSubscriber.start().respondWith(TriggerConformanceTest::reply);
    platform.apply(broker() + trigger("all-a", null, allA) + trigger("all-b", null, allB)
        + trigger("greetings", "type: greeting", greetings) + trigger("others", "type: other", others)
        + trigger("replier", "type: it.request", replier) + trigger("replies", "type: it.reply", replies));
    for (String trigger : List.of("all-a", "all-b", "greetings", "others", "replier", "replies")) {
      platform.awaitReady("trigger", ns, trigger);
    }
    brokerUrl = platform.brokerUrl(ns, "default");
  }

  @AfterAll
  static void stop() {
    Stream.of(allA, allB, greetings, others, replier, replies).forEach(RecordingSubscriber::close);
    platform.close();
  }

  /** Replies to {@code it.request} events with an {@code it.reply}; a 36 KiB one when the subject says so. */
  private static RecordingSubscriber.Reply reply(Received request) {
    byte[] data = "large".equals(request.header("ce-subject"))
        ? jsonPayload(LARGE, 7)
        : ("{\"replyTo\":\"" + request.id() + "\"}").getBytes(StandardCharsets.UTF_8);
    return replyEvent("reply-" + request.id(), "it.reply", data);
  }

  private static String broker() {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %s}
        """.formatted(ns);
  }

  private static String trigger(String name, String filter, RecordingSubscriber subscriber) {
    return """
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: %s, namespace: %s}
        spec:
          broker: default
        %s  subscriber: {uri: "%s"}
        """.formatted(name, ns, filter == null ? "" : "  filter: {attributes: {" + filter + "}}\n", subscriber.url());
  }

  @Test
  void shouldDeliverToTriggerWithoutFilterWhenAnyEventIsPosted() {
    send(brokerUrl, "no-filter-1", "anything.at.all");

    await().atMost(DELIVERY).until(() -> ids(allA).contains("no-filter-1"));
    assertThat(requestsFor(allA, "no-filter-1").get(0).header("ce-type")).isEqualTo("anything.at.all");
  }

  @Test
  void shouldNotDeliverWhenFilterDoesNotMatch() {
    Map<String, String> unmatched = binaryHeaders("unmatched-1", "matches.nothing");
    unmatched.put("ce-partitionkey", "same-partition");
    Map<String, String> marker = binaryHeaders("unmatched-marker", "greeting");
    marker.put("ce-partitionkey", "same-partition");

    send(brokerUrl, unmatched, "{}".getBytes(StandardCharsets.UTF_8));
    send(brokerUrl, marker, "{}".getBytes(StandardCharsets.UTF_8));

    // Same partition: the marker is matched after the unmatched event, so once the marker and the
    // unfiltered copies arrived, the filtered Triggers have already decided on the unmatched event.
    await().atMost(DELIVERY).until(() -> ids(greetings).contains("unmatched-marker")
        && ids(allA).contains("unmatched-1") && ids(allB).contains("unmatched-1"));
    assertThat(ids(greetings)).doesNotContain("unmatched-1");
    assertThat(ids(others)).doesNotContain("unmatched-1", "unmatched-marker");
  }

  @Test
  void shouldDeliverOnlyToMatchingTriggerWhenTwoTriggersFilterDifferently() {
    send(brokerUrl, "only-greeting-1", "greeting");
    send(brokerUrl, "only-other-1", "other");

    await().atMost(DELIVERY).until(() -> ids(greetings).contains("only-greeting-1")
        && ids(others).contains("only-other-1"));
    assertThat(ids(greetings)).doesNotContain("only-other-1");
    assertThat(ids(others)).doesNotContain("only-greeting-1");
  }

  @Test
  void shouldDeliverToBothWhenTwoTriggersHaveNoFilter() {
    send(brokerUrl, "both-1", "some.type");

    await().atMost(DELIVERY).until(() -> ids(allA).contains("both-1") && ids(allB).contains("both-1"));
    assertThat(requestsFor(allA, "both-1")).hasSize(1);
    assertThat(requestsFor(allB, "both-1")).hasSize(1);
  }

  @Test
  void shouldSendPreferReplyAndKnNamespaceWhenDeliveringToAnySubscriber() {
    send(brokerUrl, "headers-1", "greeting");

    await().atMost(DELIVERY).until(() -> ids(greetings).contains("headers-1")
        && ids(allA).contains("headers-1") && ids(allB).contains("headers-1"));
    List<Received> all = Stream.of(allA, allB, greetings, others, replier, replies)
        .flatMap(s -> s.received().stream()).toList();
    assertThat(all).isNotEmpty().allSatisfy(request -> {
      assertThat(request.header("prefer")).isEqualTo("reply");
      assertThat(request.header("kn-namespace")).isEqualTo(ns);
    });
  }

  @Test
  void shouldDeliverReplyToSecondTriggerWhenFirstSubscriberRepliesWithEvent() {
    send(brokerUrl, "request-1", "it.request");

    await().atMost(DELIVERY).until(() -> ids(replies).contains("reply-request-1"));
    Received reply = requestsFor(replies, "reply-request-1").get(0);
    assertThat(reply.header("ce-type")).isEqualTo("it.reply");
    assertThat(reply.header("ce-source")).isEqualTo("/it/replier");
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("{\"replyTo\":\"request-1\"}");
    assertThat(requestsFor(replier, "request-1")).hasSize(1);
    assertThat(ids(replier)).doesNotContain("reply-request-1");
  }

  @Test
  void shouldDeliverLargeEventAndLargeReplyIntactWhenEach36KiB() {
    byte[] data = jsonPayload(LARGE, 3);
    Map<String, String> headers = binaryHeaders("large-1", "it.request");
    headers.put("ce-subject", "large");

    send(brokerUrl, headers, data);

    await().atMost(DELIVERY).until(() -> ids(replier).contains("large-1") && ids(replies).contains("reply-large-1"));
    assertThat(requestsFor(replier, "large-1").get(0).body()).isEqualTo(data);
    assertThat(requestsFor(replies, "reply-large-1").get(0).body()).hasSize(LARGE).isEqualTo(jsonPayload(LARGE, 7));
  }

  @Test
  void shouldKeepAttributesExtensionsAndDataAndAddKafkaPositionWhenDelivering() {
    Map<String, String> headers = binaryHeaders("attrs-1", "greeting");
    headers.put("ce-time", "2024-05-01T12:34:56.789Z");
    headers.put("ce-subject", "order%2042");
    headers.put("ce-dataschema", "https://example.com/schemas/order.json");
    headers.put("ce-myextension", "my-value");
    headers.put("ce-count", "17");
    headers.put("content-type", "application/json; charset=utf-8");
    byte[] data = "{\"order\":42,\"items\":[\"a\",\"b\"],\"note\":\"gr\\u00fc\\u00dfe\"}".getBytes(StandardCharsets.UTF_8);

    send(brokerUrl, headers, data);

    await().atMost(DELIVERY).until(() -> ids(greetings).contains("attrs-1"));
    Received delivered = requestsFor(greetings, "attrs-1").get(0);
    headers.forEach((name, value) -> assertThat(percentDecode(delivered.header(name)))
        .as(name).isEqualTo(percentDecode(value)));
    assertThat(delivered.body()).isEqualTo(data);
    assertThat(delivered.header("ce-knativekafkapartition")).matches("[0-9]+");
    assertThat(delivered.header("ce-knativekafkaoffset")).matches("[0-9]+");
    assertThat(delivered.headers().keySet().stream().filter(h -> h.startsWith("ce-")))
        .containsExactlyInAnyOrder("ce-specversion", "ce-id", "ce-source", "ce-type", "ce-time", "ce-subject",
            "ce-dataschema", "ce-myextension", "ce-count", "ce-knativekafkapartition", "ce-knativekafkaoffset");
  }
}
