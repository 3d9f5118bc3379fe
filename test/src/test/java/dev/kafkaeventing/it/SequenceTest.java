package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sequences end to end: steps in order, early ends, live changes, ownership and deletion. */
class SequenceTest {

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

  private RecordingSubscriber track(RecordingSubscriber subscriber) {
    subscribers.add(subscriber);
    return subscriber;
  }

  static String sequence(String ns, String name, String reply, RecordingSubscriber... steps) {
    String stepList = java.util.Arrays.stream(steps)
        .map(s -> "    - uri: \"" + s.url() + "\"")
        .collect(Collectors.joining("\n"));
    return """
        apiVersion: flows.knative.dev/v1
        kind: Sequence
        metadata: {name: %s, namespace: %s}
        spec:
          channelTemplate: {apiVersion: messaging.knative.dev/v1beta1, kind: KafkaChannel}
          steps:
        %s
          reply: {uri: "%s"}
        """.formatted(name, ns, stepList, reply);
  }

  static String address(String ns, String name) {
    return ChannelTestSupport.get(platform, "sequence", ns, name).path("status").path("address").path("url").asText();
  }

  @Test
  void shouldApplyThreeStepsInOrderWhen500EventsGoThrough() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber end = track(RecordingSubscriber.start());
    platform.apply(sequence(ns, "abc", end.url(), track(ChannelTestSupport.appender("a")),
        track(ChannelTestSupport.appender("b")), track(ChannelTestSupport.appender("c"))));
    platform.awaitReady("sequence", ns, "abc");
    String url = address(ns, "abc");

    IntStream.range(0, 500).forEach(i -> assertThat(ChannelTestSupport.postNumber(url, "s" + i, i)).isEqualTo(202));

    await().atMost(Duration.ofSeconds(60)).until(() -> end.count() >= 500);
    List<Received> replies = end.received();
    assertThat(replies).extracting(Received::id).doesNotHaveDuplicates().hasSize(500);
    assertThat(replies).allSatisfy(r -> assertThat(ChannelTestSupport.data(r).path("trail").asText()).isEqualTo("abc"));
    assertThat(url).isEqualTo(platform.ingressUrl() + "/channels/" + ns + "/abc-kn-sequence-0");
  }

  @Test
  void shouldStopEventWhenStepRepliesWithNothing() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber end = track(RecordingSubscriber.start());
    RecordingSubscriber evensOnly = track(RecordingSubscriber.start().respondWith(r ->
        ChannelTestSupport.data(r).path("n").asInt() % 2 == 0
            ? ChannelTestSupport.replyWith(r, null, d -> d.put("trail", "even"))
            : Reply.status(202)));
    RecordingSubscriber second = track(ChannelTestSupport.appender("!"));
    platform.apply(sequence(ns, "gate", end.url(), evensOnly, second));
    platform.awaitReady("sequence", ns, "gate");
    String url = address(ns, "gate");

    IntStream.range(0, 10).forEach(i -> assertThat(ChannelTestSupport.postNumber(url, "g" + i, i)).isEqualTo(202));

    await().atMost(Duration.ofSeconds(30)).until(() -> evensOnly.count() >= 10 && end.count() >= 5);
    assertThat(end.received()).extracting(Received::id).containsExactlyInAnyOrder("g0", "g2", "g4", "g6", "g8");
    assertThat(second.received()).extracting(Received::id).containsExactlyInAnyOrder("g0", "g2", "g4", "g6", "g8");
  }

  @Test
  void shouldLoseNoEventWhenStepIsChangedAndAddedWhileEventsFlow() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber end = track(RecordingSubscriber.start());
    RecordingSubscriber a = track(ChannelTestSupport.appender("a"));
    RecordingSubscriber b = track(ChannelTestSupport.appender("b"));
    RecordingSubscriber bPrime = track(ChannelTestSupport.appender("B"));
    RecordingSubscriber c = track(ChannelTestSupport.appender("c"));
    platform.apply(sequence(ns, "live", end.url(), a, b));
    platform.awaitReady("sequence", ns, "live");
    ChannelTestSupport.Publisher publisher = new ChannelTestSupport.Publisher(address(ns, "live"), "l", 600);

    publisher.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> end.count() >= 50);
    platform.apply(sequence(ns, "live", end.url(), a, bPrime));
    await().atMost(Duration.ofSeconds(30)).until(() -> bPrime.count() >= 50);
    platform.apply(sequence(ns, "live", end.url(), a, bPrime, c));
    List<Integer> statuses = publisher.finish();

    assertThat(statuses).hasSize(600).containsOnly(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> end.received().stream().map(Received::id).distinct().count() >= 600);
    Map<String, Long> trails = end.received().stream()
        .collect(Collectors.groupingBy(r -> ChannelTestSupport.data(r).path("trail").asText(), Collectors.counting()));
    assertThat(trails.keySet()).isSubsetOf("ab", "aB", "aBc");
    assertThat(trails).containsKeys("ab", "aB");
    platform.awaitReady("sequence", ns, "live");
    assertThat(ChannelTestSupport.get(platform, "sequence", ns, "live").path("status").path("subscriptionStatuses")).hasSize(3);
  }


  @Test
  void shouldHandEachStepItsEventInProcessWhenEveryStepAccepts() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber end = track(RecordingSubscriber.start());
    platform.apply(sequence(ns, "direct", end.url(), track(ChannelTestSupport.appender("a")),
        track(ChannelTestSupport.appender("b")), track(ChannelTestSupport.appender("c"))));
    platform.awaitReady("sequence", ns, "direct");
    String url = address(ns, "direct");

    IntStream.range(0, 50).forEach(i -> assertThat(ChannelTestSupport.postNumber(url, "d" + i, i)).isEqualTo(202));

    await().atMost(Duration.ofSeconds(60)).until(() -> end.count() >= 50);
    assertThat(end.received()).extracting(Received::id).doesNotHaveDuplicates().hasSize(50);
    assertThat(end.received()).allSatisfy(r -> assertThat(ChannelTestSupport.data(r).path("trail").asText())
        .isEqualTo("abc"));
    // Steps 2 and 3 got their events from the step before, not through their channels' topics.
    assertThat(recordsOf(ns, "direct-kn-sequence-0", 50)).hasSize(50);
    assertThat(recordsOf(ns, "direct-kn-sequence-1", 0)).isEmpty();
    assertThat(recordsOf(ns, "direct-kn-sequence-2", 0)).isEmpty();
  }

  @Test
  void shouldPassEventThroughNextStepsChannelWithItsRetriesWhenInProcessAttemptFails() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber end = track(RecordingSubscriber.start());
    java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
    RecordingSubscriber flaky = track(RecordingSubscriber.start().respondWith(r -> failedOnce.add(r.id())
        ? Reply.status(500)
        : ChannelTestSupport.replyWith(r, null, d -> d.put("trail", d.path("trail").asText("") + "b"))));
    platform.apply(sequence(ns, "flaky", end.url(), track(ChannelTestSupport.appender("a")), flaky,
        track(ChannelTestSupport.appender("c"))));
    platform.awaitReady("sequence", ns, "flaky");
    String url = address(ns, "flaky");

    IntStream.range(0, 20).forEach(i -> assertThat(ChannelTestSupport.postNumber(url, "f" + i, i)).isEqualTo(202));

    await().atMost(Duration.ofSeconds(60)).until(() -> end.count() >= 20);
    assertThat(end.received()).extracting(Received::id).doesNotHaveDuplicates().hasSize(20);
    assertThat(end.received()).allSatisfy(r -> assertThat(ChannelTestSupport.data(r).path("trail").asText())
        .isEqualTo("abc"));
    // Each event's in-process attempt at step 2 failed: it took step 2's channel, where the retry succeeded.
    assertThat(flaky.received()).hasSize(40);
    assertThat(recordsOf(ns, "flaky-kn-sequence-1", 20)).hasSize(20);
    assertThat(recordsOf(ns, "flaky-kn-sequence-2", 0)).isEmpty();
  }

  /** The records of a channel's topic, read until {@code expected} arrived (or a few seconds passed). */
  private static List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> recordsOf(String ns,
      String channel, int expected) {
    return TopicReader.readAll(KafkaFixture.bootstrapServers(), "knative-messaging-kafka." + ns + "." + channel,
        expected, Duration.ofSeconds(expected == 0 ? 2 : 20),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
  }

  @Test
  void shouldDeleteOwnedChannelsSubscriptionsAndTopicsWhenSequenceIsDeleted() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber end = track(RecordingSubscriber.start());
    String yaml = sequence(ns, "doomed", end.url(), track(ChannelTestSupport.appender("x")),
        track(ChannelTestSupport.appender("y")));
    platform.apply(yaml);
    platform.awaitReady("sequence", ns, "doomed");
    JsonNode channel = ChannelTestSupport.get(platform, "kafkachannel", ns, "doomed-kn-sequence-1");
    assertThat(channel.path("metadata").path("ownerReferences").get(0).path("kind").asText()).isEqualTo("Sequence");
    assertThat(ChannelTestSupport.get(platform, "subscription", ns, "doomed-kn-sequence-0")).isNotNull();

    java.nio.file.Path file = java.nio.file.Files.createTempFile("sequence", ".yaml");
    java.nio.file.Files.writeString(file, yaml);
    assertThat(platform.cli("delete", "-f", file.toString()).exitCode()).isZero();

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(platform.cli("get", "kafkachannels", "-n", ns, "-o", "json").out()).doesNotContain("doomed-kn-sequence");
      assertThat(platform.cli("get", "subscriptions", "-n", ns, "-o", "json").out()).doesNotContain("doomed-kn-sequence");
      assertThat(KafkaFixture.admin().listTopics().names().get())
          .noneMatch(t -> t.startsWith("knative-messaging-kafka." + ns + "."));
    });
  }
}
