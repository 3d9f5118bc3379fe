package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Subscriptions on channels, end to end: fan-out, replies, dead letters, status, live changes. */
class SubscriptionDeliveryTest {

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

  private RecordingSubscriber subscriber() {
    RecordingSubscriber subscriber = RecordingSubscriber.start();
    subscribers.add(subscriber);
    return subscriber;
  }

  private static String channelUrl(String ns, String kind, String name) {
    return ChannelTestSupport.get(platform, kind, ns, name).path("status").path("address").path("url").asText();
  }

  private static String subscription(String ns, String name, String channelKind, String channel, String rest) {
    String apiVersion = channelKind.equals("KafkaChannel") ? "messaging.knative.dev/v1beta1" : "messaging.knative.dev/v1";
    return """
        apiVersion: messaging.knative.dev/v1
        kind: Subscription
        metadata: {name: %s, namespace: %s}
        spec:
          channel: {apiVersion: %s, kind: %s, name: %s}
        %s
        ---
        """.formatted(name, ns, apiVersion, channelKind, channel, rest.indent(2).stripTrailing());
  }

  @Test
  void shouldDeliverEveryEventToEverySubscriptionWhenTwoSubscribe() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber first = subscriber();
    RecordingSubscriber second = subscriber();
    platform.apply("apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\nmetadata: {name: ch, namespace: " + ns + "}\n---\n"
        + subscription(ns, "first", "KafkaChannel", "ch", "subscriber: {uri: \"" + first.url() + "\"}")
        + subscription(ns, "second", "KafkaChannel", "ch", "subscriber: {uri: \"" + second.url() + "\"}"));
    platform.awaitReady("subscription", ns, "first");
    platform.awaitReady("subscription", ns, "second");
    String url = channelUrl(ns, "kafkachannel", "ch");

    IntStream.range(0, 30).forEach(i -> assertThat(ChannelTestSupport.postNumber(url, "e" + i, i)).isEqualTo(202));

    String[] ids = IntStream.range(0, 30).mapToObj(i -> "e" + i).toArray(String[]::new);
    await().atMost(Duration.ofSeconds(30)).until(() -> first.count() >= 30 && second.count() >= 30);
    assertThat(first.received()).extracting(Received::id).containsExactlyInAnyOrder(ids);
    assertThat(second.received()).extracting(Received::id).containsExactlyInAnyOrder(ids);
  }

  @Test
  void shouldCountEveryRetryAsItHappensWhenSubscriptionHasNoDelivery() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    AtomicBoolean failing = new AtomicBoolean(true);
    RecordingSubscriber flaky = subscriber().respondWith(r -> Reply.status(failing.get() ? 503 : 202));
    platform.apply("apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\nmetadata: {name: ch, namespace: " + ns + "}\n---\n"
        + subscription(ns, "flaky", "KafkaChannel", "ch", "subscriber: {uri: \"" + flaky.url() + "\"}"));
    platform.awaitReady("subscription", ns, "flaky");

    assertThat(ChannelTestSupport.postNumber(channelUrl(ns, "kafkachannel", "ch"), "r1", 1)).isEqualTo(202);

    // Knative's default policy: retries after 0.4 s, 0.8 s, 1.6 s, ... (exponential from 0.2 s).
    await().atMost(Duration.ofSeconds(30)).until(() -> flaky.count() >= 3);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(subscriptionCounters(ns, "flaky")
        .path("retried").asLong()).as("retries counted while the delivery still runs").isEqualTo(flaky.count() - 1));
    failing.set(false);
    await().atMost(Duration.ofSeconds(30)).until(() -> subscriptionCounters(ns, "flaky").path("delivered").asLong() == 1);
    assertThat(subscriptionCounters(ns, "flaky").path("retried").asLong()).isEqualTo(flaky.count() - 1);
  }

  /** A Subscription's delivery counters as {@code describe} shows them. */
  private static JsonNode subscriptionCounters(String ns, String name) throws Exception {
    URI uri = URI.create(platform.adminUrl() + "/api/v1/describe/subscription/" + ns + "/" + name);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body()).path("details").path("counters");
  }

  @Test
  void shouldListSubscriptionsInChannelStatusWhenTheyAreReady() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber target = subscriber();
    platform.apply("apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\nmetadata: {name: ch, namespace: " + ns + "}\n---\n"
        + subscription(ns, "a", "KafkaChannel", "ch", "subscriber: {uri: \"" + target.url() + "\"}")
        + subscription(ns, "b", "KafkaChannel", "ch", "subscriber: {uri: \"" + target.url() + "\"}"));
    platform.awaitReady("subscription", ns, "a");
    platform.awaitReady("subscription", ns, "b");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode subscribers = ChannelTestSupport.get(platform, "kafkachannel", ns, "ch").path("status").path("subscribers");
      assertThat(subscribers).hasSize(2);
      assertThat(subscribers).allSatisfy(s -> {
        assertThat(s.path("ready").asText()).isEqualTo("True");
        assertThat(s.path("observedGeneration").asLong()).isEqualTo(1);
        assertThat(s.path("uid").asText()).isNotEmpty();
      });
    });
    String table = platform.cli("get", "subscriptions", "-n", ns).out();
    assertThat(table).contains("CHANNEL").containsPattern("(?m)^a\\s+KafkaChannel:ch\\s+" + java.util.regex.Pattern.quote(target.url()))
        .containsPattern("(?m)^b\\s");
  }

  @Test
  void shouldRefuseFiltersThatDoNotCompileWhenApplied() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    java.nio.file.Path file = java.nio.file.Files.createTempFile("filters", ".yaml");
    java.nio.file.Files.writeString(file, subscription(ns, "bad", "KafkaChannel", "ch",
        "subscriber: {uri: \"http://127.0.0.1:1/\"}\nfilters: [{cesql: \"type = \"}]") + """
        apiVersion: flows.knative.dev/v1
        kind: Parallel
        metadata: {name: bad, namespace: %s}
        spec:
          branches:
            - subscriber: {uri: "http://127.0.0.1:1/"}
            - subscriber: {uri: "http://127.0.0.1:1/"}
              filters: [{exact: {Type: a}}]
        """.formatted(ns));

    PlatformHarness.CliResult result = platform.cli("apply", "-f", file.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("spec.filters[0].cesql").contains("spec.branches[1].filters[0].exact.Type");
    assertThat(ChannelTestSupport.get(platform, "subscription", ns, "bad")).isNull();
  }

  @Test
  void shouldForwardReplyToReplyDestinationWhenSubscriberAnswersWithEvent() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber replier = subscriber().respondWith(r ->
        ChannelTestSupport.replyWith(r, "answered", d -> d.put("answered", true)));
    RecordingSubscriber replies = subscriber();
    RecordingSubscriber silent = subscriber().respondWith(r ->
        ChannelTestSupport.replyWith(r, "dropped", d -> d));
    platform.apply("apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\nmetadata: {name: ch, namespace: " + ns + "}\n---\n"
        + subscription(ns, "with-reply", "KafkaChannel", "ch",
            "subscriber: {uri: \"" + replier.url() + "\"}\nreply: {uri: \"" + replies.url() + "\"}")
        + subscription(ns, "without-reply", "KafkaChannel", "ch", "subscriber: {uri: \"" + silent.url() + "\"}"));
    platform.awaitReady("subscription", ns, "with-reply");
    platform.awaitReady("subscription", ns, "without-reply");

    assertThat(ChannelTestSupport.postNumber(channelUrl(ns, "kafkachannel", "ch"), "q1", 7)).isEqualTo(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> replies.count() >= 1 && silent.count() >= 1);
    Received reply = replies.received().get(0);
    assertThat(reply.id()).isEqualTo("q1");
    assertThat(reply.header("ce-type")).isEqualTo("answered");
    assertThat(ChannelTestSupport.data(reply).path("answered").asBoolean()).isTrue();
    assertThat(replies.received()).extracting(r -> r.header("ce-type")).doesNotContain("dropped");
  }

  @Test
  void shouldSendFailedEventsToChannelDeadLetterSinkWhenSubscriptionHasNoDelivery() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber failing = subscriber().respondWith(r -> Reply.status(500));
    RecordingSubscriber deadLetters = subscriber();
    platform.apply("""
        apiVersion: messaging.knative.dev/v1beta1
        kind: KafkaChannel
        metadata: {name: ch, namespace: %s}
        spec:
          delivery:
            deadLetterSink: {uri: "%s"}
            retry: 1
            backoffDelay: PT0.05S
        ---
        """.formatted(ns, deadLetters.url())
        + subscription(ns, "failing", "KafkaChannel", "ch", "subscriber: {uri: \"" + failing.url() + "\"}"));
    platform.awaitReady("subscription", ns, "failing");
    String url = channelUrl(ns, "kafkachannel", "ch");

    IntStream.range(0, 3).forEach(i -> assertThat(ChannelTestSupport.postNumber(url, "f" + i, i)).isEqualTo(202));

    await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.count() >= 3);
    assertThat(deadLetters.received()).extracting(Received::id).containsExactlyInAnyOrder("f0", "f1", "f2");
    assertThat(deadLetters.received().get(0).header("ce-knativeerrorcode")).isEqualTo("500");
    assertThat(failing.count()).isGreaterThanOrEqualTo(6);
    JsonNode physical = ChannelTestSupport.get(platform, "subscription", ns, "failing").path("status").path("physicalSubscription");
    assertThat(physical.path("deadLetterSinkUri").asText()).isEqualTo(deadLetters.url());
  }

  @Test
  void shouldKeepDeliveringToFirstSubscriptionWhenAnotherIsAddedWhileEventsFlow() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber first = subscriber();
    RecordingSubscriber late = subscriber();
    platform.apply("apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\nmetadata: {name: ch, namespace: " + ns + "}\n---\n"
        + subscription(ns, "first", "KafkaChannel", "ch", "subscriber: {uri: \"" + first.url() + "\"}"));
    platform.awaitReady("subscription", ns, "first");
    String url = channelUrl(ns, "kafkachannel", "ch");
    ChannelTestSupport.Publisher publisher = new ChannelTestSupport.Publisher(url, "m", 200);

    publisher.start();
    platform.apply(subscription(ns, "late", "KafkaChannel", "ch", "subscriber: {uri: \"" + late.url() + "\"}"));
    platform.awaitReady("subscription", ns, "late");
    assertThat(publisher.finish()).hasSize(200).containsOnly(202);
    assertThat(ChannelTestSupport.postNumber(url, "after", 1)).isEqualTo(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> first.count() >= 201);
    assertThat(first.received()).extracting(Received::id).doesNotHaveDuplicates().hasSize(201);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(late.received()).extracting(Received::id).contains("after"));
  }

  @Test
  void shouldBackGenericChannelWithOwnedInMemoryChannelWhenTemplateNamesOne() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber target = subscriber();
    platform.apply("""
        apiVersion: messaging.knative.dev/v1
        kind: Channel
        metadata: {name: my-channel, namespace: %s}
        spec:
          channelTemplate: {apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel}
        ---
        """.formatted(ns)
        + subscription(ns, "sub", "Channel", "my-channel", "subscriber: {uri: \"" + target.url() + "\"}"));
    platform.awaitReady("channel", ns, "my-channel");
    platform.awaitReady("subscription", ns, "sub");

    assertThat(ChannelTestSupport.postNumber(channelUrl(ns, "channel", "my-channel"), "g1", 1)).isEqualTo(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> target.count() >= 1);
    JsonNode backing = ChannelTestSupport.get(platform, "inmemorychannel", ns, "my-channel");
    assertThat(backing.path("metadata").path("ownerReferences").get(0).path("kind").asText()).isEqualTo("Channel");
    assertThat(ChannelTestSupport.get(platform, "channel", ns, "my-channel").path("status").path("channel").path("kind").asText())
        .isEqualTo("InMemoryChannel");
    String describe = platform.cli("describe", "inmemorychannel", "my-channel", "-n", ns).out();
    assertThat(describe).contains("knative-messaging-kafka." + ns + ".my-channel").contains("backed by a Kafka topic");
  }
}
