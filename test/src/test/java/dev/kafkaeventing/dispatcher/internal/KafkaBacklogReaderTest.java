package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.it.KafkaFixture;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The backlog reader on a real Kafka: a far-behind route's spilled records are the newest of its
 * partition, so its reads end at the log end one after the other.
 */
class KafkaBacklogReaderTest {

  private static final int RECORDS = 20;
  private static final int READS = 10;

  @Test
  void shouldServeReadsBackToBackWhenEachEndsAtTheLogEnd() throws Exception {
    String topic = KafkaFixture.createTopic("backlog-reader", 2);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int partition = 0; partition < 2; partition++) {
        for (int i = 0; i < RECORDS; i++) {
          producer.send(new ProducerRecord<>(topic, partition, null, ("p" + partition + "-" + i).getBytes()));
        }
      }
      producer.flush();
    }
    KafkaBacklogReader reader = new KafkaBacklogReader(new KafkaCluster(KafkaFixture.bootstrapServers(), Map.of()));
    try {
      long[] tail = LongStream.range(RECORDS / 2, RECORDS).toArray();
      // The first read opens the consumer and its connection: not counted.
      read(reader, new TopicPartition(topic, 0), tail);

      long start = System.nanoTime();
      for (int i = 0; i < READS; i++) {
        TopicPartition partition = new TopicPartition(topic, (i + 1) % 2);
        Map<Long, ConsumerRecord<byte[], byte[]>> found = read(reader, partition, tail);
        assertThat(found).containsOnlyKeys(LongStream.of(tail).boxed().toList());
        assertThat(new String(found.get((long) RECORDS - 1).value())).isEqualTo("p" + partition.partition() + "-19");
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // A read that ends at the log end leaves the consumer's next fetch waiting there on the
      // broker (fetch.max.wait.ms, 500 ms by default), and the next read's fetch goes out only
      // after it: ten reads then took at least 5 s, whatever the load.
      assertThat(took).isLessThan(Duration.ofMillis(2_500));
    } finally {
      reader.close();
    }
  }

  @Test
  void shouldServeTheNextWindowFromWhatTheLastReadFetchedPastItWhenTheBacklogIsReadForward() throws Exception {
    String topic = KafkaFixture.createTopic("backlog-reader-surplus", 1);
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 50),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(topic, 0, null, ("r" + i).getBytes()));
      }
      producer.flush();
    }
    KafkaBacklogReader reader = new KafkaBacklogReader(new KafkaCluster(KafkaFixture.bootstrapServers(), Map.of()));
    try {
      Map<Long, ConsumerRecord<byte[], byte[]>> first = read(reader, partition, LongStream.range(0, 5).toArray());
      // Gone from Kafka: what the next window finds now can only come from the first read's fetch.
      KafkaFixture.admin().deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(RECORDS))).all()
          .get(KafkaFixture.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Map<Long, ConsumerRecord<byte[], byte[]>> next = read(reader, partition, LongStream.range(5, 10).toArray());

      assertThat(first).containsOnlyKeys(0L, 1L, 2L, 3L, 4L);
      assertThat(next).containsOnlyKeys(5L, 6L, 7L, 8L, 9L);
      assertThat(new String(next.get(9L).value())).isEqualTo("r9");
    } finally {
      reader.close();
    }
  }

  private static Map<Long, ConsumerRecord<byte[], byte[]>> read(KafkaBacklogReader reader, TopicPartition partition,
      long[] offsets) throws Exception {
    return reader.read(partition, offsets).get(KafkaFixture.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
