package dev.kafkaeventing.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.it.TopicReader;
import dev.kafkaeventing.platform.kafka.EmbeddedKafka;
import dev.kafkaeventing.platform.kafka.EmbeddedKafkaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A broker of its own (not the shared fixture), because the test restarts it. */
class EmbeddedKafkaTest {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaTest.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path dataDir;

  @Test
  void shouldKeepRecordsAndClusterIdWhenRestartedOnSameDir() throws Exception {
    long begin = System.nanoTime();
    EmbeddedKafka first = EmbeddedKafka.start(EmbeddedKafkaConfig.withFreePorts(dataDir));
    String clusterId;
    try (first) {
      createTopic(first.bootstrapServers(), "orders");
      produce(first.bootstrapServers(), "orders", "k1", "before restart");
      LOG.info("Embedded Kafka: start() to first acknowledged produce in {} ms",
          Duration.ofNanos(System.nanoTime() - begin).toMillis());
      clusterId = first.clusterId();
    }

    try (EmbeddedKafka second = EmbeddedKafka.start(EmbeddedKafkaConfig.withFreePorts(dataDir))) {
      produce(second.bootstrapServers(), "orders", "k2", "after restart");
      List<ConsumerRecord<String, String>> records = TopicReader.readAll(second.bootstrapServers(),
          "orders", 2, TIMEOUT, new StringDeserializer(), new StringDeserializer());

      assertThat(records).extracting(ConsumerRecord::value)
          .containsExactly("before restart", "after restart");
      assertThat(second.clusterId()).isEqualTo(clusterId);
    }
  }

  @Test
  void shouldRefuseSecondBrokerWhenDataDirIsInUse() throws Exception {
    EmbeddedKafka running = EmbeddedKafka.start(EmbeddedKafkaConfig.withFreePorts(dataDir));

    try (running) {
      assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafkaConfig.withFreePorts(dataDir)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use");
      createTopic(running.bootstrapServers(), "still-working");
      produce(running.bootstrapServers(), "still-working", "k", "v");
    }
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        Arguments.of("127.0.0.1", -1, 0, "brokerPort"),
        Arguments.of("127.0.0.1", 0, 65_536, "controllerPort"),
        Arguments.of("127.0.0.1", 9092, 9092, "must differ"),
        Arguments.of(" ", 0, 0, "host"));
  }

  @ParameterizedTest
  @MethodSource("invalidConfigs")
  void shouldRejectConfigWhenInvalid(String host, int brokerPort, int controllerPort,
      String message) {
    assertThatThrownBy(() -> new EmbeddedKafkaConfig(dataDir, host, brokerPort, controllerPort))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static void createTopic(String bootstrapServers, String topic) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      new KafkaTopics(admin).ensureTopic(topic, 1, (short) 1, Map.of(), TIMEOUT);
    }
  }

  private static void produce(String bootstrapServers, String topic, String key, String value)
      throws Exception {
    Map<String, Object> props = Map.of("bootstrap.servers", bootstrapServers, "acks", "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }
}
