package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.KafkaFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fixture's container path, run only with {@code -Dkafka.fixture=testcontainers}; without a
 * Docker engine it is skipped by the fixture's assumption.
 */
@EnabledIfSystemProperty(named = SharedKafka.MODE_PROPERTY, matches = "testcontainers")
class TestcontainersKafkaTest {

  @Test
  void shouldProduceAndReadBackWhenKafkaRunsInContainer() {
    String topic = KafkaFixture.createTopic("container", 1);

    RecordMetadata metadata = KafkaFixture.produce(topic, "k", "v");

    assertThat(metadata.offset()).isZero();
    assertThat(KafkaFixture.readAll(topic, 1, TIMEOUT)).hasSize(1);
    assertThat(KafkaFixture.bootstrapServers()).doesNotStartWith("127.0.0.1:");
  }
}
