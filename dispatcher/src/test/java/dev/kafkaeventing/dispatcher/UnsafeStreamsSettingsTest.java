package dev.kafkaeventing.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnsafeStreamsSettingsTest {

  @ParameterizedTest
  @CsvSource({
      "processing.guarantee, exactly_once_v2",
      "processing.guarantee, exactly_once",
      "enable.auto.commit, true",
      "consumer.enable.auto.commit, true",
      "main.consumer.enable.auto.commit, true",
      "restore.consumer.isolation.level, read_committed",
      "isolation.level, read_committed",
      "producer.transactional.id, mine",
      "default.client.supplier, com.example.Clients",
  })
  void shouldRefuseNamingTheSettingWhenItWouldBreakTheQueueInvariant(String key, String value) {
    Map<String, Object> extra = Map.of(key, value);

    assertThatThrownBy(() -> config(extra))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Streams setting " + key + "=" + value + " is refused: ");
  }

  @ParameterizedTest
  @CsvSource({
      "processing.guarantee, at_least_once",
      "enable.auto.commit, false",
      "consumer.isolation.level, read_uncommitted",
      "num.standby.replicas, 1",
      "producer.linger.ms, 20",
      "main.consumer.max.poll.records, 200",
  })
  void shouldApplyTheSettingLastWhenItIsSafe(String key, String value) {
    DispatcherConfig config = config(Map.of(key, value));

    Properties props = StreamsSettings.of(config, "app", "process-1");

    assertThat(props.get(key)).isEqualTo(value);
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.AT_LEAST_ONCE);
  }

  private static DispatcherConfig config(Map<String, Object> extra) {
    return new DispatcherConfig("localhost:9092", Path.of("state"), "test", 10, Duration.ofSeconds(1), 1, extra);
  }
}
