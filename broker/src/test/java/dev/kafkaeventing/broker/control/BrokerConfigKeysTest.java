package dev.kafkaeventing.broker.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BrokerConfigKeysTest {

  private static final ResourceKey CONFIG = new ResourceKey(ResourceKind.CONFIG_MAP, "knative-eventing", "cfg");

  static Stream<Arguments> clusters() {
    return Stream.of(
        Arguments.of("127.0.0.1:9092", "127.0.0.1:9092", true),
        Arguments.of("localhost:9092", "127.0.0.1:9092", true),
        Arguments.of(" other:9092 , 127.0.0.1:9092", "127.0.0.1:9092", true),
        Arguments.of("", "127.0.0.1:9092", true),
        Arguments.of("127.0.0.1:9093", "127.0.0.1:9092", false),
        Arguments.of("my-cluster-kafka-bootstrap.kafka:9092", "127.0.0.1:9092", false));
  }

  @ParameterizedTest
  @MethodSource("clusters")
  void shouldTellOwnClusterWhenBootstrapServersAreGiven(String configured, String platform, boolean own) {
    assertThat(BrokerConfigKeys.namesOwnCluster(configured, platform)).isEqualTo(own);
  }

  @Test
  void shouldWarnOnlyAboutUnknownKeysWhenConfigMapMixesThem() {
    Map<String, String> data = Map.of("default.topic.partitions", "3", "default.topic.replication.factor", "1",
        "bootstrap.servers", "x:1", "default.topic.config.retention.ms", "1000", "default.topic.config.", "x",
        "auth.secret.ref.name", "s");

    var warnings = BrokerConfigKeys.warnings(CONFIG, data);

    assertThat(warnings).hasSize(2);
    assertThat(warnings).anyMatch(w -> w.startsWith("ConfigMap knative-eventing/cfg: key auth.secret.ref.name is ignored"));
    assertThat(warnings).anyMatch(w -> w.contains("key default.topic.config. is ignored"));
  }

  @Test
  void shouldStripPrefixWhenReadingTopicConfigs() {
    Map<String, String> data = Map.of("default.topic.config.retention.ms", "1000", "default.topic.partitions", "3");

    assertThat(BrokerConfigKeys.topicConfigs(data)).isEqualTo(Map.of("retention.ms", "1000"));
  }
}
