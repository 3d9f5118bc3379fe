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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parallels end to end: filter destinations (Knative's way) and in-process filters. */
class ParallelTest {

  static final int EVENTS = 20;
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

  /** A filter service: answers with the event when {@code n % 2 == parity}, with nothing otherwise. */
  private RecordingSubscriber parityFilter(int parity) {
    return track(RecordingSubscriber.start().respondWith(r ->
        ChannelTestSupport.data(r).path("n").asInt() % 2 == parity
            ? ChannelTestSupport.replyWith(r, null, d -> d)
            : Reply.status(202)));
  }

  /** A branch subscriber: replies with the event, typed {@code type}. */
  private RecordingSubscriber transformer(String type) {
    return track(RecordingSubscriber.start().respondWith(r -> ChannelTestSupport.replyWith(r, type, d -> d)));
  }

  private static String[] ids(int parity) {
    return IntStream.range(0, EVENTS).filter(i -> i % 2 == parity).mapToObj(i -> "p" + i).toArray(String[]::new);
  }

  private static void publish(String ns, String parallel) {
    String url = ChannelTestSupport.get(platform, "parallel", ns, parallel).path("status").path("address").path("url").asText();
    IntStream.range(0, EVENTS).forEach(i -> assertThat(ChannelTestSupport.postNumber(url, "p" + i, i)).isEqualTo(202));
  }

  @Test
  void shouldSendEachEventThroughMatchingBranchOnlyWhenBranchesHaveFilterDestinations() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber evenFilter = parityFilter(0);
    RecordingSubscriber oddFilter = parityFilter(1);
    RecordingSubscriber even = transformer("even");
    RecordingSubscriber odd = transformer("odd");
    RecordingSubscriber evenReplies = track(RecordingSubscriber.start());
    RecordingSubscriber parallelReplies = track(RecordingSubscriber.start());
    platform.apply("""
        apiVersion: flows.knative.dev/v1
        kind: Parallel
        metadata: {name: parity, namespace: %s}
        spec:
          branches:
            - filter: {uri: "%s"}
              subscriber: {uri: "%s"}
              reply: {uri: "%s"}
            - filter: {uri: "%s"}
              subscriber: {uri: "%s"}
          reply: {uri: "%s"}
        """.formatted(ns, evenFilter.url(), even.url(), evenReplies.url(), oddFilter.url(), odd.url(),
        parallelReplies.url()));
    platform.awaitReady("parallel", ns, "parity");

    publish(ns, "parity");

    await().atMost(Duration.ofSeconds(60)).until(() -> evenReplies.count() >= EVENTS / 2
        && parallelReplies.count() >= EVENTS / 2 && evenFilter.count() >= EVENTS && oddFilter.count() >= EVENTS);
    assertThat(evenFilter.received()).extracting(Received::id).doesNotHaveDuplicates();
    assertThat(oddFilter.received()).extracting(Received::id).doesNotHaveDuplicates();
    assertThat(even.received()).extracting(Received::id).containsExactlyInAnyOrder(ids(0));
    assertThat(odd.received()).extracting(Received::id).containsExactlyInAnyOrder(ids(1));
    assertThat(evenReplies.received()).extracting(Received::id).containsExactlyInAnyOrder(ids(0));
    assertThat(evenReplies.received()).extracting(r -> r.header("ce-type")).containsOnly("even");
    assertThat(parallelReplies.received()).extracting(Received::id).containsExactlyInAnyOrder(ids(1));
    assertThat(parallelReplies.received()).extracting(r -> r.header("ce-type")).containsOnly("odd");
    JsonNode status = ChannelTestSupport.get(platform, "parallel", ns, "parity").path("status");
    assertThat(status.path("ingressChannelStatus").path("channel").path("name").asText()).isEqualTo("parity-kn-parallel");
    assertThat(status.path("branchStatuses")).hasSize(2).allSatisfy(branch -> {
      assertThat(branch.path("filterSubscriptionStatus").path("ready").path("status").asText()).isEqualTo("True");
      assertThat(branch.path("filterChannelStatus").path("ready").path("status").asText()).isEqualTo("True");
      assertThat(branch.path("subscriberSubscriptionStatus").path("ready").path("status").asText()).isEqualTo("True");
    });
  }

  @Test
  void shouldSendEachEventThroughMatchingBranchOnlyWhenBranchesHaveInProcessFilters() {
    String ns = PlatformHarness.uniqueNamespace();
    RecordingSubscriber even = transformer("even");
    RecordingSubscriber odd = transformer("odd");
    RecordingSubscriber oddReplies = track(RecordingSubscriber.start());
    RecordingSubscriber parallelReplies = track(RecordingSubscriber.start());
    platform.apply("""
        apiVersion: flows.knative.dev/v1
        kind: Parallel
        metadata: {name: parity, namespace: %s}
        spec:
          branches:
            - filters: [{cel: "int(event.data.n) %% 2 == 0"}]
              subscriber: {uri: "%s"}
            - filters: [{not: {cel: "int(event.data.n) %% 2 == 0"}}]
              subscriber: {uri: "%s"}
              reply: {uri: "%s"}
          reply: {uri: "%s"}
        """.formatted(ns, even.url(), odd.url(), oddReplies.url(), parallelReplies.url()));
    platform.awaitReady("parallel", ns, "parity");

    publish(ns, "parity");

    await().atMost(Duration.ofSeconds(60)).until(() -> oddReplies.count() >= EVENTS / 2 && parallelReplies.count() >= EVENTS / 2);
    assertThat(even.received()).extracting(Received::id).containsExactlyInAnyOrder(ids(0));
    assertThat(odd.received()).extracting(Received::id).containsExactlyInAnyOrder(ids(1));
    assertThat(parallelReplies.received()).extracting(Received::id).containsExactlyInAnyOrder(ids(0));
    assertThat(oddReplies.received()).extracting(Received::id).containsExactlyInAnyOrder(ids(1));
    assertThat(platform.cli("get", "kafkachannels", "-n", ns).out())
        .contains("parity-kn-parallel").doesNotContain("parity-kn-parallel-0");
  }
}
