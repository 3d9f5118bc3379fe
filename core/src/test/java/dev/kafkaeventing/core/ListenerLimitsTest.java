package dev.kafkaeventing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ListenerLimitsTest {

  @ParameterizedTest(name = "{0} open files: ingress {1}, admin {2}")
  @CsvSource({
      "1024, 64, 16",
      "4096, 1536, 128",
      "20000, 7500, 256",
      "65536, 10000, 256",
      "1048576, 10000, 256"})
  void shouldKeepHalfTheOpenFilesForKafkaWhenDerivingDefaultCaps(long openFiles, int ingress, int admin) {
    assertThat(ListenerLimits.defaultIngressConnections(openFiles)).isEqualTo(ingress);
    assertThat(ListenerLimits.defaultControlConnections(openFiles)).isEqualTo(admin);
    assertThat(ingress + 2 * admin).isLessThanOrEqualTo((int) Math.max(openFiles / 2, 64 + 32));
  }

  @Test
  void shouldNameTheFieldWhenALimitIsInvalid() {
    assertThatThrownBy(() -> new ListenerLimits(Duration.ZERO, 1)).hasMessageContaining("idleTimeout");
    assertThatThrownBy(() -> new ListenerLimits(Duration.ofSeconds(1), 0)).hasMessageContaining("maxConnections");
  }
}
