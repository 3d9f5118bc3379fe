package dev.kafkaeventing.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  @Test
  void shouldPutEveryClientOnTheOtherClusterWithItsSecurityWhenAStreamReadsAnotherCluster() {
    DispatcherConfig config = new DispatcherConfig("platform:9092", Path.of("state"), "test", 10,
        Duration.ofSeconds(1), 1, Map.of());
    KafkaCluster other = new KafkaCluster("b:9093,a:9093", Map.of("security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512"));

    Properties own = StreamsSettings.of(config, "group", "process-1");
    Properties elsewhere = StreamsSettings.on(other, own);

    assertThat(own.get("bootstrap.servers")).isEqualTo("platform:9092");
    assertThat(own).doesNotContainKey("security.protocol");
    assertThat(elsewhere.get("bootstrap.servers")).isEqualTo("a:9093,b:9093");
    assertThat(elsewhere.get("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(elsewhere.get("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(elsewhere.get("application.id")).isEqualTo("group");
  }

  @Test
  void shouldSecureEveryStreamsClientOnOwnClusterButNotAnotherWhenClientPropertiesAreSet() {
    DispatcherConfig config = new DispatcherConfig("platform:9092", Path.of("state"), "test", 10,
        Duration.ofSeconds(1), 1, Map.of()).withClientProperties(Map.of("security.protocol", "SSL",
        "ssl.truststore.location", "/etc/kafka/trust.p12"));
    KafkaCluster other = new KafkaCluster("other:9093", Map.of("security.protocol", "SASL_PLAINTEXT"));

    Properties own = StreamsSettings.of(config, "group", "process-1");
    Properties elsewhere = StreamsSettings.on(other, own);

    assertThat(own.get("security.protocol")).isEqualTo("SSL");
    assertThat(own.get("ssl.truststore.location")).isEqualTo("/etc/kafka/trust.p12");
    assertThat(config.cluster().clientConfig(Map.of())).containsEntry("security.protocol", "SSL")
        .containsEntry("bootstrap.servers", "platform:9092");
    assertThat(elsewhere.get("security.protocol")).isEqualTo("SASL_PLAINTEXT");
    assertThat(elsewhere).doesNotContainKey("ssl.truststore.location");
  }
}
