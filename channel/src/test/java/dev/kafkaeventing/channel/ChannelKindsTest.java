package dev.kafkaeventing.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.crds.ChannelTemplate;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChannelKindsTest {

  static Stream<Arguments> templates() {
    return Stream.of(
        Arguments.of(null, Optional.of(ResourceKind.KAFKA_CHANNEL)),
        Arguments.of(new ChannelTemplate("messaging.knative.dev/v1beta1", "KafkaChannel", null),
            Optional.of(ResourceKind.KAFKA_CHANNEL)),
        Arguments.of(new ChannelTemplate("messaging.knative.dev/v1", "InMemoryChannel", null),
            Optional.of(ResourceKind.IN_MEMORY_CHANNEL)),
        Arguments.of(new ChannelTemplate("messaging.knative.dev/v1", "Channel", null), Optional.empty()),
        Arguments.of(new ChannelTemplate("messaging.knative.dev/v1alpha1", "NatssChannel", null), Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("templates")
  void shouldPickTopicBackedKindWhenTemplateNamesOne(ChannelTemplate template, Optional<ResourceKind> expected) {
    Optional<ResourceKind> kind = ChannelKinds.backingKind(template);

    assertThat(kind).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void shouldTellChannelKindsApartWhenAsked(ResourceKind kind, boolean channel, boolean topicBacked) {
    assertThat(ChannelKinds.isChannel(kind)).isEqualTo(channel);
    assertThat(ChannelKinds.isTopicBacked(kind)).isEqualTo(topicBacked);
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(ResourceKind.CHANNEL, true, false),
        Arguments.of(ResourceKind.KAFKA_CHANNEL, true, true),
        Arguments.of(ResourceKind.IN_MEMORY_CHANNEL, true, true),
        Arguments.of(ResourceKind.BROKER, false, false),
        Arguments.of(ResourceKind.SEQUENCE, false, false));
  }
}
