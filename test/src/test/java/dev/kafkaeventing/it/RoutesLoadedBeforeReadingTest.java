package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.harness.DataPlaneParts.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.broker.BrokerId;
import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.channel.SubscriptionRoute;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.it.harness.DataPlaneParts;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A Broker's or channel's topology started while the control plane still hands over the routes
 * (its first pass after a restart) must not read, and so not commit past, records whose routes it
 * does not know yet: they are delivered once the routes are loaded.
 */
class RoutesLoadedBeforeReadingTest {

  private static final int EVENTS = 20;
  /** Longer than a topology takes to start and commit here; what the routes' hand-over may last. */
  private static final Duration HAND_OVER = Duration.ofSeconds(6);

  @Test
  void shouldDeliverEventsWrittenBeforeTheTriggersWereLoadedWhenTheTopologyStartedFirst() throws Exception {
    String topic = KafkaFixture.createTopic("routes-loaded-broker", 1);
    BrokerId broker = new BrokerId("ns", "b-" + UUID.randomUUID().toString().substring(0, 8));
    try (DataPlaneParts parts = new DataPlaneParts("routes-loaded-broker", 1);
         Dispatcher dataPlane = parts.dispatcher()) {
      RecordingSubscriber subscriber = parts.subscriber(0);
      dataPlane.upsertStream(broker.stream(), topic);
      List<String> ids = parts.produce(topic, "e", EVENTS);

      awaitHandOver(dataPlane.applicationId(broker.stream()), EVENTS);
      Map<TopicPartition, OffsetAndMetadata> committedBeforeLoad = committed(dataPlane.applicationId(broker.stream()));
      dataPlane.upsertRoute(new Route("uid-1", "ns", "t", broker.stream(), EventFilters.matchAll(),
          DataPlaneParts.target(subscriber), false, ReplyRoute.TO_SOURCE_TOPIC));
      dataPlane.markRoutesLoaded();

      assertThat(committedBeforeLoad).as("offsets committed before the Triggers were loaded").isEmpty();
      await().atMost(Duration.ofSeconds(60)).until(() -> ids(subscriber).containsAll(ids));
    }
  }

  @Test
  void shouldDeliverEventsWrittenBeforeTheSubscriptionsWereLoadedWhenTheTopologyStartedFirst() throws Exception {
    String name = "c-" + UUID.randomUUID().toString().substring(0, 8);
    ChannelId channel = new ChannelId("ns", name);
    String topic = KafkaFixture.createTopic("routes-loaded-channel", 1);
    try (DataPlaneParts parts = new DataPlaneParts("routes-loaded-channel", 1);
         Dispatcher dataPlane = parts.dispatcher()) {
      RecordingSubscriber subscriber = parts.subscriber(0);
      dataPlane.upsertStream(channel.stream(), topic);
      List<String> ids = parts.produce(topic, "e", EVENTS);

      awaitHandOver(dataPlane.applicationId(channel.stream()), EVENTS);
      Map<TopicPartition, OffsetAndMetadata> committedBeforeLoad = committed(dataPlane.applicationId(channel.stream()));
      dataPlane.upsertRoute(new SubscriptionRoute("uid-2", "ns", "s", channel, null, DataPlaneParts.target(subscriber),
          false, ReplyRoute.DISCARD).route());
      dataPlane.markRoutesLoaded();

      assertThat(committedBeforeLoad).as("offsets committed before the Subscriptions were loaded").isEmpty();
      await().atMost(Duration.ofSeconds(60)).until(() -> ids(subscriber).containsAll(ids));
    }
  }

  /** Waits out the hand-over, or less when the group has already committed past every event. */
  private static void awaitHandOver(String group, long events) {
    long end = System.nanoTime() + HAND_OVER.toNanos();
    await().atMost(HAND_OVER.plusSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() ->
        System.nanoTime() >= end
            || committed(group).values().stream().mapToLong(OffsetAndMetadata::offset).sum() >= events);
  }

  private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
    return KafkaFixture.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
        .get(KafkaFixture.TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
  }
}
