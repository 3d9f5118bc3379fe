package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.harness.DataPlaneParts.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.broker.BrokerId;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.it.harness.DataPlaneParts;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A Broker with no Trigger does not read its topic, and a Trigger added later receives the events
 * written from its creation on, not those written before — exactly as a Trigger added to a
 * Broker that already has one.
 */
class StreamWithoutRoutesTest {

  private static final int EVENTS = 10;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shouldHoldTheTopicAndDeliverOnlyLaterEventsWhenTheFirstTriggerIsAdded() throws Exception {
    String topic = KafkaFixture.createTopic("idle-broker", 2);
    BrokerId broker = new BrokerId("ns", "b-" + UUID.randomUUID().toString().substring(0, 8));
    try (DataPlaneParts parts = new DataPlaneParts("idle-broker", 1);
         Dispatcher dataPlane = parts.dispatcher()) {
      RecordingSubscriber subscriber = parts.subscriber(0);
      StreamId stream = broker.stream();
      dataPlane.upsertStream(stream, topic);
      dataPlane.markRoutesLoaded();
      await().atMost(WAIT).until(() -> dataPlane.isReady(stream) && !dataPlane.reading(stream));
      List<String> before = parts.produce(topic, "before", EVENTS);

      dataPlane.upsertRoute(route(broker, "uid-b", "b", subscriber));
      List<String> after = parts.produce(topic, "after", EVENTS);

      await().atMost(WAIT).until(() -> ids(subscriber).containsAll(after));
      assertThat(dataPlane.reading(stream)).as("reading once it has a Trigger").isTrue();
      assertThat(ids(subscriber)).as("events written before the first Trigger").doesNotContainAnyElementsOf(before);

      dataPlane.removeRoute(stream, "uid-b");
      await().atMost(WAIT).until(() -> !dataPlane.reading(stream));
    }
  }

  @Test
  void shouldDeliverOnlyLaterEventsToATriggerAddedBesideAnotherWhenTheBrokerHasOne() throws Exception {
    String topic = KafkaFixture.createTopic("busy-broker", 2);
    BrokerId broker = new BrokerId("ns", "b-" + UUID.randomUUID().toString().substring(0, 8));
    try (DataPlaneParts parts = new DataPlaneParts("busy-broker", 2);
         Dispatcher dataPlane = parts.dispatcher()) {
      RecordingSubscriber first = parts.subscriber(0);
      RecordingSubscriber second = parts.subscriber(1);
      StreamId stream = broker.stream();
      dataPlane.upsertStream(stream, topic);
      dataPlane.upsertRoute(route(broker, "uid-a", "a", first));
      dataPlane.markRoutesLoaded();
      await().atMost(WAIT).until(() -> dataPlane.isReady(stream));
      List<String> before = parts.produce(topic, "before", EVENTS);
      await().atMost(WAIT).until(() -> ids(first).containsAll(before));

      dataPlane.upsertRoute(route(broker, "uid-b", "b", second));
      List<String> after = parts.produce(topic, "after", EVENTS);

      await().atMost(WAIT).until(() -> ids(second).containsAll(after) && ids(first).containsAll(after));
      assertThat(dataPlane.reading(stream)).isTrue();
      assertThat(ids(second)).as("events written before the second Trigger").doesNotContainAnyElementsOf(before);
    }
  }

  private static Route route(BrokerId broker, String uid, String name, RecordingSubscriber subscriber) {
    return new Route(uid, "ns", name, broker.stream(), EventFilters.matchAll(), DataPlaneParts.target(subscriber),
        false, ReplyRoute.TO_SOURCE_TOPIC);
  }
}
