package dev.kafkaeventing.it.kafka;

import static dev.kafkaeventing.it.KafkaFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.core.kafka.TopicInfo;
import dev.kafkaeventing.it.KafkaFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

  private KafkaTopics topics;

  @BeforeEach
  void setUp() {
    topics = KafkaFixture.topics();
  }

  @Test
  void shouldCreateOnceWhenEnsuredTwice() throws Exception {
    String topic = KafkaFixture.uniqueTopic("ensure");

    boolean first = topics.ensureTopic(topic, 3, (short) 1, Map.of("cleanup.policy", "compact"),
        TIMEOUT);
    boolean second = topics.ensureTopicAsync(topic, 5, (short) 1, Map.of()).get();

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(topics.awaitTopic(topic, TIMEOUT)).isEqualTo(new TopicInfo(topic, 3, 1));
    assertThat(cleanupPolicy(topic)).isEqualTo("compact");
  }

  @Test
  void shouldFailWhenReplicationFactorExceedsBrokers() {
    String topic = KafkaFixture.uniqueTopic("too-many-replicas");

    assertThatThrownBy(() -> topics.ensureTopic(topic, 1, (short) 3, Map.of(), TIMEOUT))
        .isInstanceOf(InvalidReplicationFactorException.class);
  }

  @Test
  void shouldDescribeAsEmptyWhenTopicIsMissing() {
    String topic = KafkaFixture.uniqueTopic("missing");

    assertThat(topics.describe(topic, TIMEOUT)).isEmpty();
  }

  @Test
  void shouldTimeOutWhenAwaitedTopicNeverShows() {
    String topic = KafkaFixture.uniqueTopic("never");

    assertThatThrownBy(() -> topics.awaitTopic(topic, Duration.ofMillis(200)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining(topic);
  }

  @Test
  void shouldDeleteOnceWhenDeletedTwice() {
    String topic = KafkaFixture.createTopic("delete", 1);

    boolean first = topics.deleteTopic(topic, TIMEOUT);

    assertThat(first).isTrue();
    await().atMost(TIMEOUT).until(() -> topics.describe(topic, TIMEOUT).isEmpty());
    assertThat(topics.deleteTopic(topic, TIMEOUT)).isFalse();
  }

  @Test
  void shouldSumEndOffsetsWhenRecordsSpreadOverPartitions() {
    String topic = KafkaFixture.createTopic("offsets", 2);
    List.of("a", "b", "c").forEach(key -> KafkaFixture.produce(topic, key, "value-" + key));

    Map<TopicPartition, Long> ends = topics.endOffsets(topic, TIMEOUT);

    assertThat(ends).containsOnlyKeys(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
    assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
    assertThat(topics.totalEndOffset(topic, TIMEOUT)).isEqualTo(3);
  }

  @Test
  void shouldFailEndOffsetsWhenTopicIsMissing() {
    String topic = KafkaFixture.uniqueTopic("missing");

    assertThatThrownBy(() -> topics.endOffsets(topic, TIMEOUT))
        .isInstanceOf(UnknownTopicOrPartitionException.class);
  }

  private static String cleanupPolicy(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Map<ConfigResource, Config> configs =
        KafkaFixture.admin().describeConfigs(List.of(resource)).all().get();
    return configs.get(resource).get("cleanup.policy").value();
  }
}
