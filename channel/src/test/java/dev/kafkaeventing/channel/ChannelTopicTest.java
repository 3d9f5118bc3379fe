package dev.kafkaeventing.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceParser;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ChannelTopicTest {

  static Stream<Arguments> channels() {
    return Stream.of(
        Arguments.of("KafkaChannel with every field",
            "apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\nmetadata: {name: c, namespace: n}\n"
                + "spec: {numPartitions: 3, replicationFactor: 2, retentionDuration: PT1H}\n",
            new ChannelTopic("knative-messaging-kafka.n.c", 3, (short) 2, Map.of("retention.ms", "3600000"))),
        Arguments.of("KafkaChannel with Knative's defaults",
            "apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\nmetadata: {name: c, namespace: n}\n",
            new ChannelTopic("knative-messaging-kafka.n.c", 1, (short) 1, Map.of("retention.ms", "604800000"))),
        Arguments.of("InMemoryChannel with the platform's defaults",
            "apiVersion: messaging.knative.dev/v1\nkind: InMemoryChannel\nmetadata: {name: c, namespace: n}\n",
            new ChannelTopic("knative-messaging-kafka.n.c", 5, (short) 1, Map.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void shouldShapeTopicFromSpecWhenChannelIsTopicBacked(String title, String yaml, ChannelTopic expected) {
    Resource channel = ResourceParser.parse("t.yaml", yaml).get(0);

    ChannelTopic topic = ChannelTopic.of(channel, 5, (short) 1);

    assertThat(topic).isEqualTo(expected);
  }

  @Test
  void shouldRefuseGenericChannelWhenAskedForItsTopic() {
    Resource channel = ResourceParser.parse("t.yaml",
        "apiVersion: messaging.knative.dev/v1\nkind: Channel\nmetadata: {name: c}\n").get(0);

    assertThatThrownBy(() -> ChannelTopic.of(channel, 1, (short) 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
