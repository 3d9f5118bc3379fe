package dev.kafkaeventing.serving;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dispatcher's window toward a Knative Service follows its ready replicas. */
class SubscriberWindowTest {

  @Test
  void shouldGrowWithReadyReplicasWhenContainerConcurrencyIsSet() {
    long atZero = ServingBridge.windowOf(10, 0, 100);
    long atOne = ServingBridge.windowOf(10, 1, 100);
    long atEight = ServingBridge.windowOf(10, 8, 100);

    assertThat(atZero).as("a cold start gets one replica's worth").isEqualTo(10);
    assertThat(atOne).isEqualTo(20);
    assertThat(atEight).isEqualTo(90);
  }

  @Test
  void shouldScaleTheInstanceDefaultWhenContainerConcurrencyIsUnlimited() {
    assertThat(ServingBridge.windowOf(0, 0, 100)).isEqualTo(100);
    assertThat(ServingBridge.windowOf(0, 3, 100)).isEqualTo(300);
  }
}
