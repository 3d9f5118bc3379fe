package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.KafkaFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class KafkaFixtureTest {

  @Test
  void shouldReadEveryRecordInOrderWhenTopicHasThem() {
    String topic = KafkaFixture.createTopic("fixture", 1);
    List.of("one", "two", "three").forEach(value -> KafkaFixture.produce(topic, "k", value));

    List<ConsumerRecord<String, String>> records = KafkaFixture.readAll(
        topic, 3, TIMEOUT, new StringDeserializer(), new StringDeserializer());

    assertThat(records).extracting(ConsumerRecord::value).containsExactly("one", "two", "three");
    assertThat(KafkaFixture.totalEndOffset(topic)).isEqualTo(3);
  }

  @Test
  void shouldReturnMoreThanExpectedWhenTopicHasMore() {
    String topic = KafkaFixture.createTopic("fixture", 1);
    List.of("one", "two").forEach(value -> KafkaFixture.produce(topic, "k", value));

    List<ConsumerRecord<byte[], byte[]>> records = KafkaFixture.readAll(topic, 1, TIMEOUT);

    assertThat(records).hasSize(2);
  }

  @Test
  void shouldNameTopicsApartWhenPrefixIsTheSame() {
    assertThat(KafkaFixture.uniqueTopic("same")).isNotEqualTo(KafkaFixture.uniqueTopic("same"));
  }
}
