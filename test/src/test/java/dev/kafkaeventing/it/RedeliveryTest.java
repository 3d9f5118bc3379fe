package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.TriggerTestSupport.counters;
import static dev.kafkaeventing.it.TriggerTestSupport.gapsMillis;
import static dev.kafkaeventing.it.TriggerTestSupport.ids;
import static dev.kafkaeventing.it.TriggerTestSupport.requestsFor;
import static dev.kafkaeventing.it.TriggerTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redelivery end to end: retries with linear and exponential backoff (timed at the subscriber),
 * the dead letter sink and its error extensions, permanent failures, unreachable subscribers, and
 * which {@code delivery} applies when both the Broker and the Trigger have one.
 */
class RedeliveryTest {

  private static final Duration DELIVERY = Duration.ofSeconds(30);
  /** Attempts are timed at the subscriber: allow for a loaded 2-core machine, never for less. */
  private static final long EARLY_MS = 15;
  /**
   * Waits are checked strictly from below (never early) and loosely from above: a loaded 2-core
   * machine can delay a timer by hundreds of milliseconds. The lower bounds alone tell the
   * policies apart (exponential's third wait is 1.6 s, linear's would be 0.6 s).
   */
  private static final long LATE_MS = 900;

  static PlatformHarness platform;
  static String ns;
  static String brokerUrl;
  static String strictBrokerUrl;
  static RecordingSubscriber brokerSink;
  final List<RecordingSubscriber> subscribers = new ArrayList<>();

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
    ns = PlatformHarness.uniqueNamespace();
    brokerSink = RecordingSubscriber.start();
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: strict, namespace: %s}
        spec:
          delivery:
            retry: 3
            backoffPolicy: linear
            backoffDelay: PT0.05S
            deadLetterSink: {uri: "%s"}
        """.formatted(ns, ns, brokerSink.url()));
    platform.awaitReady("broker", ns, "default");
    platform.awaitReady("broker", ns, "strict");
    brokerUrl = platform.brokerUrl(ns, "default");
    strictBrokerUrl = platform.brokerUrl(ns, "strict");
  }

  @AfterAll
  static void stop() {
    brokerSink.close();
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

  /** Applies a Trigger on {@code broker} for events of type {@code name}, and waits until it is Ready. */
  private static void trigger(String broker, String name, String subscriberUrl, String delivery) {
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: %s, namespace: %s}
        spec:
          broker: %s
          filter: {attributes: {type: %s}}
          subscriber: {uri: "%s"}
        %s""".formatted(name, ns, broker, name, subscriberUrl, delivery.indent(2)));
    platform.awaitReady("trigger", ns, name);
  }

  private static String delivery(int retry, String policy, String delay, RecordingSubscriber sink) {
    return """
        delivery:
          retry: %d
          backoffPolicy: %s
          backoffDelay: %s
        """.formatted(retry, policy, delay) + (sink == null ? "" : "  deadLetterSink: {uri: \"" + sink.url() + "\"}\n");
  }

  @Test
  void shouldDeliverWithLinearBackoffWhenSubscriberSucceedsOnSixthAttempt() {
    RecordingSubscriber sink = subscriber(r -> Reply.status(202));
    RecordingSubscriber flaky = subscriber(r -> Reply.status(r.attempt() <= 5 ? 500 : 202));
    trigger("default", "linear-ok", flaky.url(), delivery(5, "linear", "PT0.1S", sink));

    send(brokerUrl, "linear-ok-1", "linear-ok");

    await().atMost(DELIVERY).until(() -> counters(platform, ns, "linear-ok").path("delivered").asLong() == 1);
    assertThat(requestsFor(flaky, "linear-ok-1")).hasSize(6);
    assertThat(counters(platform, ns, "linear-ok").path("retried").asLong()).isEqualTo(5);
    assertThat(counters(platform, ns, "linear-ok").path("deadLettered").asLong()).isZero();
    assertThat(sink.count()).isZero();
    assertBackoff(gapsMillis(flaky.received()), 100, 200, 300, 400, 500);
  }

  @Test
  void shouldCountEveryRetryAsItHappensWhenTriggerHasNoDeliveryBlock() {
    AtomicBoolean failing = new AtomicBoolean(true);
    RecordingSubscriber flaky = subscriber(r -> Reply.status(failing.get() ? 503 : 202));
    trigger("default", "default-policy", flaky.url(), "");

    send(brokerUrl, "default-policy-1", "default-policy");

    // Knative's default policy: retries after 0.4 s, 0.8 s, 1.6 s, ... (exponential from 0.2 s).
    await().atMost(DELIVERY).until(() -> flaky.count() >= 3);
    await().atMost(DELIVERY).untilAsserted(() -> assertThat(counters(platform, ns, "default-policy").path("retried")
        .asLong()).as("retries counted while the delivery still runs").isEqualTo(flaky.count() - 1));
    failing.set(false);
    await().atMost(DELIVERY).until(() -> counters(platform, ns, "default-policy").path("delivered").asLong() == 1);
    assertThat(counters(platform, ns, "default-policy").path("retried").asLong())
        .isEqualTo(requestsFor(flaky, "default-policy-1").size() - 1).isGreaterThanOrEqualTo(3);
  }

  @Test
  void shouldDeadLetterWithErrorExtensionsWhenAllSixAttemptsFail() {
    RecordingSubscriber sink = subscriber(r -> Reply.status(202));
    RecordingSubscriber failing = subscriber(r -> new Reply(500, Map.of("content-type", "text/plain"),
        "database down".getBytes(StandardCharsets.UTF_8)));
    trigger("default", "linear-dead", failing.url(), delivery(5, "linear", "PT0.1S", sink));

    send(brokerUrl, "linear-dead-1", "linear-dead");

    await().atMost(DELIVERY).until(() -> ids(sink).contains("linear-dead-1"));
    assertThat(requestsFor(failing, "linear-dead-1")).hasSize(6);
    Received dead = sink.received().get(0);
    assertThat(dead.header("ce-knativeerrordest")).isEqualTo(failing.url());
    assertThat(dead.header("ce-knativeerrorcode")).isEqualTo("500");
    assertThat(Base64.getDecoder().decode(dead.header("ce-knativeerrordata")))
        .asString(StandardCharsets.UTF_8).isEqualTo("database down");
    assertThat(dead.header("ce-type")).isEqualTo("linear-dead");
    assertThat(dead.body()).isEqualTo(failing.received().get(0).body());
    await().atMost(DELIVERY).until(() -> counters(platform, ns, "linear-dead").path("deadLettered").asLong() == 1);
  }

  @Test
  void shouldDeadLetterAtOnceWithoutRetryWhenSubscriberAnswers422() {
    RecordingSubscriber sink = subscriber(r -> Reply.status(202));
    RecordingSubscriber withBody = subscriber(r -> new Reply(422, Map.of(), "bad order".getBytes(StandardCharsets.UTF_8)));
    RecordingSubscriber withoutBody = subscriber(r -> Reply.status(422));
    trigger("default", "unprocessable-body", withBody.url(), delivery(5, "linear", "PT0.1S", sink));
    trigger("default", "unprocessable-empty", withoutBody.url(), delivery(5, "linear", "PT0.1S", sink));

    send(brokerUrl, "unprocessable-body-1", "unprocessable-body");
    send(brokerUrl, "unprocessable-empty-1", "unprocessable-empty");

    await().atMost(DELIVERY).until(() -> sink.count() == 2);
    assertThat(withBody.count()).isEqualTo(1);
    assertThat(withoutBody.count()).isEqualTo(1);
    Received deadWithBody = requestsFor(sink, "unprocessable-body-1").get(0);
    assertThat(deadWithBody.header("ce-knativeerrorcode")).isEqualTo("422");
    assertThat(Base64.getDecoder().decode(deadWithBody.header("ce-knativeerrordata")))
        .asString(StandardCharsets.UTF_8).isEqualTo("bad order");
    Received deadWithoutBody = requestsFor(sink, "unprocessable-empty-1").get(0);
    assertThat(deadWithoutBody.header("ce-knativeerrorcode")).isEqualTo("422");
    assertThat(deadWithoutBody.header("ce-knativeerrordest")).isEqualTo(withoutBody.url());
    assertThat(deadWithoutBody.headers()).doesNotContainKey("ce-knativeerrordata");
  }

  @Test
  void shouldDeadLetterWithDestinationOnlyWhenSubscriberIsUnreachable() {
    RecordingSubscriber sink = subscriber(r -> Reply.status(202));
    String unreachable = "http://127.0.0.1:" + TriggerTestSupport.closedPort() + "/events";
    trigger("default", "unreachable", unreachable, delivery(1, "linear", "PT0.05S", sink));

    send(brokerUrl, "unreachable-1", "unreachable");

    await().atMost(DELIVERY).until(() -> ids(sink).contains("unreachable-1"));
    Received dead = sink.received().get(0);
    assertThat(dead.header("ce-knativeerrordest")).isEqualTo(unreachable);
    assertThat(dead.headers()).doesNotContainKeys("ce-knativeerrorcode", "ce-knativeerrordata");
  }

  @Test
  void shouldWaitExponentiallyLongerBetweenAttemptsWhenBackoffIsExponential() {
    RecordingSubscriber sink = subscriber(r -> Reply.status(202));
    RecordingSubscriber failing = subscriber(r -> Reply.status(503));
    trigger("default", "exponential", failing.url(), delivery(3, "exponential", "PT0.2S", sink));

    send(brokerUrl, "exponential-1", "exponential");

    await().atMost(DELIVERY).until(() -> ids(sink).contains("exponential-1"));
    assertThat(failing.count()).isEqualTo(4);
    // Knative's exponential policy waits backoffDelay * 2^n before retry n.
    assertBackoff(gapsMillis(failing.received()), 400, 800, 1600);
  }

  @Test
  void shouldUseOnlyTriggerDeliveryWhenBothBrokerAndTriggerHaveOne() {
    RecordingSubscriber inherits = subscriber(r -> Reply.status(500));
    RecordingSubscriber overrides = subscriber(r -> Reply.status(500));
    trigger("strict", "inherits", inherits.url(), "");
    trigger("strict", "overrides", overrides.url(), "delivery: {retry: 0}\n");

    send(strictBrokerUrl, "inherits-1", "inherits");
    send(strictBrokerUrl, "overrides-1", "overrides");

    await().atMost(DELIVERY).until(() -> ids(brokerSink).contains("inherits-1")
        && counters(platform, ns, "overrides").path("failed").asLong() == 1);
    assertThat(inherits.count()).isEqualTo(4);
    assertThat(overrides.count()).isEqualTo(1);
    assertThat(ids(brokerSink)).containsExactly("inherits-1");
    assertThat(counters(platform, ns, "overrides").path("deadLettered").asLong()).isZero();
  }

  @Test
  void shouldRetryNotDeadLetterWhenWritingReplyToKafkaFails() {
    // A reply larger than the broker topic's max.message.bytes: Kafka refuses to write it.
    String topic = KafkaFixture.uniqueTopic("small-records");
    KafkaFixture.topics().ensureTopic(topic, 1, (short) 1, Map.of("max.message.bytes", "16384"), KafkaFixture.TIMEOUT);
    KafkaFixture.topics().awaitTopic(topic, KafkaFixture.TIMEOUT);
    RecordingSubscriber sink = subscriber(r -> Reply.status(202));
    RecordingSubscriber replier = subscriber(r -> r.attempt() == 1
        ? TriggerTestSupport.replyEvent("too-large-reply", "it.too-large", TriggerTestSupport.jsonPayload(36 * 1024, 1))
        : Reply.status(202));
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: small
          namespace: %s
          annotations: {kafka.eventing.knative.dev/external.topic: %s}
        """.formatted(ns, topic));
    platform.awaitReady("broker", ns, "small");
    trigger("small", "reply-fails", replier.url(), delivery(2, "linear", "PT0.1S", sink));

    send(platform.brokerUrl(ns, "small"), "reply-fails-1", "reply-fails");

    await().atMost(DELIVERY).until(() -> counters(platform, ns, "reply-fails").path("delivered").asLong() == 1);
    assertThat(requestsFor(replier, "reply-fails-1")).hasSize(2);
    assertThat(counters(platform, ns, "reply-fails").path("retried").asLong()).isEqualTo(1);
    assertThat(counters(platform, ns, "reply-fails").path("deadLettered").asLong()).isZero();
    assertThat(sink.count()).isZero();
    assertThat(KafkaFixture.totalEndOffset(topic)).as("records in the broker topic: the event, no reply").isEqualTo(1);
  }

  /** Each gap is at least its expected wait (less timer slack) and not much longer. */
  private static void assertBackoff(long[] gapsMillis, long... expectedMillis) {
    assertThat(gapsMillis).hasSize(expectedMillis.length);
    for (int i = 0; i < expectedMillis.length; i++) {
      assertThat(gapsMillis[i]).as("wait before retry %d (all waits: %s)", i + 1, java.util.Arrays.toString(gapsMillis))
          .isBetween(expectedMillis[i] - EARLY_MS, expectedMillis[i] + LATE_MS);
    }
  }
}
