package dev.kafkaeventing.it.harness;

import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.HttpClient;
import dev.kafkaeventing.core.HttpClientConfig;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.dispatcher.DispatcherConfig;
import dev.kafkaeventing.it.KafkaFixture;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a {@link Dispatcher} needs in a test against the shared Kafka, closed together: recording
 * subscribers, the delivery engine and its HTTP client, a producer ({@code acks=all}) and a
 * config with its own state directory and instance id. The Dispatcher itself is the test's to
 * create ({@link #dispatcher()}) and close. Not thread-safe; one per test.
 */
public final class DataPlaneParts implements AutoCloseable {

  private final List<RecordingSubscriber> subscribers = new ArrayList<>();
  private final HttpClient http = HttpClient.create(HttpClientConfig.defaults());
  private final DeliveryEngine engine = new DeliveryEngine(http);
  private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
      Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
          ProducerConfig.ACKS_CONFIG, "all"),
      new ByteArraySerializer(), new ByteArraySerializer());
  private final DispatcherConfig config;

  /** Parts with {@code subscribers} recording subscribers; {@code prefix} names the instance and state directory. */
  public DataPlaneParts(String prefix, int subscribers) throws IOException {
    for (int i = 0; i < subscribers; i++) {
      this.subscribers.add(RecordingSubscriber.start());
    }
    String instance = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    config = new DispatcherConfig(KafkaFixture.bootstrapServers(), Files.createTempDirectory(prefix),
        instance, 100, Duration.ofSeconds(1), 1, Map.of());
  }

  /** A new data plane over these parts; the caller closes it before the parts. */
  public Dispatcher dispatcher() {
    return new Dispatcher(config, engine, producer);
  }

  /** The {@code index}th recording subscriber, from 0. */
  public RecordingSubscriber subscriber(int index) {
    return subscribers.get(index);
  }

  /** A delivery to {@code subscriber} with the default policy. */
  public static DeliveryTarget target(RecordingSubscriber subscriber) {
    return new DeliveryTarget(URI.create(subscriber.url()), Map.of(), DeliveryPolicy.defaults(), null);
  }

  /**
   * Writes {@code count} CloudEvents with ids {@code prefix-0}, {@code prefix-1}... to {@code
   * topic}, flushed; returns the ids.
   */
  public List<String> produce(String topic, String prefix, int count) {
    List<String> ids = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    for (String id : ids) {
      producer.send(CloudEventKafkaCodec.toRecord(topic,
          CloudEventBuilder.v1().withId(id).withSource(URI.create("/" + prefix)).withType(prefix).build()));
    }
    producer.flush();
    return ids;
  }

  /** The ids of the events {@code subscriber} received so far, in order of arrival. */
  public static List<String> ids(RecordingSubscriber subscriber) {
    return subscriber.received().stream().map(Received::id).toList();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    http.close();
    subscribers.forEach(RecordingSubscriber::close);
  }
}
