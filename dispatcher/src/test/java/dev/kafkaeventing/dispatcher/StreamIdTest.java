package dev.kafkaeventing.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamIdTest {

  @Test
  void shouldKeepBrokerAndChannelOfOneNameApartWhenComparing() {
    StreamId broker = StreamId.broker("default", "orders");
    StreamId channel = StreamId.channel("default", "orders");

    assertThat(broker).isNotEqualTo(channel);
    assertThat(broker.kind()).isEqualTo("broker");
    assertThat(channel.kind()).isEqualTo("channel");
    assertThat(broker).hasToString("default/orders");
  }

  @Test
  void shouldRejectAnUnknownKindWhenConstructed() {
    assertThatThrownBy(() -> new StreamId("sink", "default", "orders"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kind")
        .hasMessageContaining("sink");
  }
}
