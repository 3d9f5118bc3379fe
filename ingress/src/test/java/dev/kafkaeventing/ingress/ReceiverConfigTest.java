package dev.kafkaeventing.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReceiverConfigTest {

  @Test
  void shouldUseDocumentedDefaultsWhenNotTold() {
    ReceiverConfig config = ReceiverConfig.defaults();

    assertThat(config).isEqualTo(new ReceiverConfig("127.0.0.1", 8080, 1024 * 1024, 2, Duration.ofSeconds(30)));
    assertThat(config.withPort(0).port()).isZero();
  }

  static Stream<Arguments> invalidConfigs() {
    Duration drain = Duration.ofSeconds(1);
    return Stream.of(
        Arguments.of((Supplier<ReceiverConfig>) () -> new ReceiverConfig(" ", 0, 1), "bindHost"),
        Arguments.of((Supplier<ReceiverConfig>) () -> new ReceiverConfig("h", -1, 1), "port"),
        Arguments.of((Supplier<ReceiverConfig>) () -> new ReceiverConfig("h", 65_536, 1), "port"),
        Arguments.of((Supplier<ReceiverConfig>) () -> new ReceiverConfig("h", 0, 0), "maxBodyBytes"),
        Arguments.of((Supplier<ReceiverConfig>) () -> new ReceiverConfig("h", 0, 1, 0, drain), "workerThreads"),
        Arguments.of((Supplier<ReceiverConfig>) () -> new ReceiverConfig("h", 0, 1, 1, drain.negated()), "drainTimeout"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("invalidConfigs")
  void shouldNameTheFieldWhenConfigIsInvalid(Supplier<ReceiverConfig> config, String field) {
    assertThatThrownBy(config::get).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(field);
  }
}
