package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.dispatcher.DispatcherConfig;
import dev.kafkaeventing.broker.BrokerId;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.channel.SubscriptionRoute;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.HttpClient;
import dev.kafkaeventing.core.HttpClientConfig;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
    try (Parts parts = new Parts("routes-loaded-broker");
         Dispatcher dataPlane = new Dispatcher(parts.config, parts.engine, parts.producer)) {
      dataPlane.upsertStream(broker.stream(), topic);
      Set<String> ids = produce(parts.producer, topic);

      awaitHandOver(dataPlane.applicationId(broker.stream()), EVENTS);
      Map<TopicPartition, OffsetAndMetadata> committedBeforeLoad = committed(dataPlane.applicationId(broker.stream()));
      dataPlane.upsertRoute(new Route("uid-1", "ns", "t", broker.stream(), EventFilters.matchAll(), parts.target(), false,
          ReplyRoute.TO_SOURCE_TOPIC));
      dataPlane.markRoutesLoaded();

      assertThat(committedBeforeLoad).as("offsets committed before the Triggers were loaded").isEmpty();
      await().atMost(Duration.ofSeconds(60)).until(() -> ids(parts.subscriber).containsAll(ids));
    }
  }

  @Test
  void shouldDeliverEventsWrittenBeforeTheSubscriptionsWereLoadedWhenTheTopologyStartedFirst() throws Exception {
    String name = "c-" + UUID.randomUUID().toString().substring(0, 8);
    ChannelId channel = new ChannelId("ns", name);
    String topic = KafkaFixture.createTopic("routes-loaded-channel", 1);
    try (Parts parts = new Parts("routes-loaded-channel");
         Dispatcher dataPlane = new Dispatcher(parts.config, parts.engine, parts.producer)) {
      dataPlane.upsertStream(channel.stream(), topic);
      Set<String> ids = produce(parts.producer, topic);

      awaitHandOver(dataPlane.applicationId(channel.stream()), EVENTS);
      Map<TopicPartition, OffsetAndMetadata> committedBeforeLoad = committed(dataPlane.applicationId(channel.stream()));
      dataPlane.upsertRoute(new SubscriptionRoute("uid-2", "ns", "s", channel, null, parts.target(), false,
          ReplyRoute.DISCARD).route());
      dataPlane.markRoutesLoaded();

      assertThat(committedBeforeLoad).as("offsets committed before the Subscriptions were loaded").isEmpty();
      await().atMost(Duration.ofSeconds(60)).until(() -> ids(parts.subscriber).containsAll(ids));
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

  private static Set<String> produce(KafkaProducer<byte[], byte[]> producer, String topic) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < EVENTS; i++) {
      String id = "e" + i;
      producer.send(CloudEventKafkaCodec.toRecord(topic,
          CloudEventBuilder.v1().withId(id).withSource(URI.create("/routes")).withType("routes").build()));
      ids.add(id);
    }
    producer.flush();
    return ids;
  }

  private static Set<String> ids(RecordingSubscriber subscriber) {
    return subscriber.received().stream().map(Received::id).collect(Collectors.toSet());
  }

  /** What a data plane needs, closed together. */
  private static final class Parts implements AutoCloseable {
    final RecordingSubscriber subscriber = RecordingSubscriber.start();
    final HttpClient http = HttpClient.create(HttpClientConfig.defaults());
    final DeliveryEngine engine = new DeliveryEngine(http);
    final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer());
    final DispatcherConfig config;

    Parts(String prefix) throws Exception {
      String instance = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
      config = new DispatcherConfig(KafkaFixture.bootstrapServers(), Files.createTempDirectory(prefix),
          instance, 100, Duration.ofSeconds(1), 1, Map.of());
    }

    DeliveryTarget target() {
      return new DeliveryTarget(URI.create(subscriber.url()), Map.of(), DeliveryPolicy.defaults(), null);
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(5));
      http.close();
      subscriber.close();
    }
  }
}
