package dev.kafkaeventing.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelIdTest {

  @Test
  void shouldNameTopicLikeKnativeKafkaChannelWhenAsked() {
    ChannelId id = new ChannelId("team-a", "orders");

    String topic = id.topic();

    assertThat(topic).isEqualTo("knative-messaging-kafka.team-a.orders");
  }

  @Test
  void shouldServeThreeSegmentPathWhenAsked() {
    ChannelId id = new ChannelId("team-a", "orders");

    String path = id.path();

    assertThat(path).isEqualTo("/channels/team-a/orders");
    assertThat(path.split("/")).hasSize(4);
  }

  @Test
  void shouldRefuseEmptyNameWhenBuilt() {
    assertThatThrownBy(() -> new ChannelId("ns", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
