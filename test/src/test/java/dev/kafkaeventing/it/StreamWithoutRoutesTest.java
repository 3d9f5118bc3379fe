package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.broker.BrokerId;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.HttpClient;
import dev.kafkaeventing.core.HttpClientConfig;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.dispatcher.DispatcherConfig;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
    try (Parts parts = new Parts("idle-broker");
         Dispatcher dataPlane = new Dispatcher(parts.config, parts.engine, parts.producer)) {
      StreamId stream = broker.stream();
      dataPlane.upsertStream(stream, topic);
      dataPlane.markRoutesLoaded();
      await().atMost(WAIT).until(() -> dataPlane.isReady(stream) && !dataPlane.reading(stream));
      List<String> before = produce(parts.producer, topic, "before");

      dataPlane.upsertRoute(route(broker, "uid-b", "b", parts.first));
      List<String> after = produce(parts.producer, topic, "after");

      await().atMost(WAIT).until(() -> ids(parts.first).containsAll(after));
      assertThat(dataPlane.reading(stream)).as("reading once it has a Trigger").isTrue();
      assertThat(ids(parts.first)).as("events written before the first Trigger").doesNotContainAnyElementsOf(before);

      dataPlane.removeRoute(stream, "uid-b");
      await().atMost(WAIT).until(() -> !dataPlane.reading(stream));
    }
  }

  @Test
  void shouldDeliverOnlyLaterEventsToATriggerAddedBesideAnotherWhenTheBrokerHasOne() throws Exception {
    String topic = KafkaFixture.createTopic("busy-broker", 2);
    BrokerId broker = new BrokerId("ns", "b-" + UUID.randomUUID().toString().substring(0, 8));
    try (Parts parts = new Parts("busy-broker");
         Dispatcher dataPlane = new Dispatcher(parts.config, parts.engine, parts.producer)) {
      StreamId stream = broker.stream();
      dataPlane.upsertStream(stream, topic);
      dataPlane.upsertRoute(route(broker, "uid-a", "a", parts.first));
      dataPlane.markRoutesLoaded();
      await().atMost(WAIT).until(() -> dataPlane.isReady(stream));
      List<String> before = produce(parts.producer, topic, "before");
      await().atMost(WAIT).until(() -> ids(parts.first).containsAll(before));

      dataPlane.upsertRoute(route(broker, "uid-b", "b", parts.second));
      List<String> after = produce(parts.producer, topic, "after");

      await().atMost(WAIT).until(() -> ids(parts.second).containsAll(after) && ids(parts.first).containsAll(after));
      assertThat(dataPlane.reading(stream)).isTrue();
      assertThat(ids(parts.second)).as("events written before the second Trigger").doesNotContainAnyElementsOf(before);
    }
  }

  private static Route route(BrokerId broker, String uid, String name, RecordingSubscriber subscriber) {
    return new Route(uid, "ns", name, broker.stream(), EventFilters.matchAll(),
        new DeliveryTarget(URI.create(subscriber.url()), Map.of(), DeliveryPolicy.defaults(), null), false,
        ReplyRoute.TO_SOURCE_TOPIC);
  }

  private static List<String> produce(KafkaProducer<byte[], byte[]> producer, String topic, String prefix) {
    List<String> ids = IntStream.range(0, EVENTS).mapToObj(i -> prefix + "-" + i).toList();
    for (String id : ids) {
      producer.send(CloudEventKafkaCodec.toRecord(topic,
          CloudEventBuilder.v1().withId(id).withSource(URI.create("/idle")).withType("idle").build()));
    }
    producer.flush();
    return ids;
  }

  private static List<String> ids(RecordingSubscriber subscriber) {
    return subscriber.received().stream().map(Received::id).toList();
  }

  /** What a data plane needs, closed together. */
  private static final class Parts implements AutoCloseable {
    final RecordingSubscriber first = RecordingSubscriber.start();
    final RecordingSubscriber second = RecordingSubscriber.start();
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

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(5));
      http.close();
      first.close();
      second.close();
    }
  }
}
