package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.it.KafkaFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream topology's main consumer on a real Kafka: while deliveries are under way, its poll for
 * new records returns as one finishes ({@link Doorbell}), so the stream thread takes the finished
 * delivery in and sends the next event without waiting out the poll timeout.
 */
class CommitHookClientsTest {

  private final Doorbell doorbell = new Doorbell();
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
  private KafkaProducer<byte[], byte[]> producer;
  private Consumer<byte[], byte[]> consumer;
  private TopicPartition partition;

  @BeforeEach
  void start() {
    String topic = KafkaFixture.createTopic("doorbell", 1);
    partition = new TopicPartition(topic, 0);
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer());
    QueueLog log = new QueueLog(Set.of(topic), topic + "-changelog", producer);
    consumer = new CommitHookClients(log, new SourceGate(Set.of(topic)), Duration.ofSeconds(10), doorbell)
        .getConsumer(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    consumer.assign(List.of(partition));
    // Connected, and positioned at the (empty) partition's start.
    consumer.poll(Duration.ofMillis(200));
  }

  @AfterEach
  void stop() {
    later.shutdownNow();
    consumer.close();
    producer.close();
  }

  @Test
  void shouldReturnFromAPollSoonAfterADeliveryFinishesWhenDeliveriesAreUnderWay() {
    doorbell.expect();
    later.schedule(doorbell::answered, 300, TimeUnit.MILLISECONDS);

    long start = System.nanoTime();
    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(30));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(records.isEmpty()).isTrue();
    assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(10));
  }

  @Test
  void shouldReturnAtOnceWhenADeliveryFinishedBeforeThePoll() {
    doorbell.expect();
    doorbell.answered();

    long start = System.nanoTime();
    consumer.poll(Duration.ofSeconds(30));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void shouldReturnNewRecordsAsTheyComeWhileDeliveriesAreUnderWay() {
    doorbell.expect();
    later.schedule(() -> producer.send(new ProducerRecord<>(partition.topic(), 0, null, "new".getBytes())), 300,
        TimeUnit.MILLISECONDS);

    long start = System.nanoTime();
    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(30));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(records.count()).isEqualTo(1);
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void shouldWaitOutThePollTimeoutWhenNoDeliveryIsUnderWay() {
    long start = System.nanoTime();
    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));

    assertThat(records.isEmpty()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
  }
}
