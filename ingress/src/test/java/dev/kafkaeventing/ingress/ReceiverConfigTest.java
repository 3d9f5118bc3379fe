package dev.kafkaeventing.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngressConfigTest {

  @Test
  void shouldUseDocumentedDefaultsWhenNotTold() {
    IngressConfig config = IngressConfig.defaults();

    assertThat(config).isEqualTo(new IngressConfig("127.0.0.1", 8080, 1024 * 1024, 2, Duration.ofSeconds(30)));
    assertThat(config.withPort(0).port()).isZero();
  }

  static Stream<Arguments> invalidConfigs() {
    Duration drain = Duration.ofSeconds(1);
    return Stream.of(
        Arguments.of((Supplier<IngressConfig>) () -> new IngressConfig(" ", 0, 1), "bindHost"),
        Arguments.of((Supplier<IngressConfig>) () -> new IngressConfig("h", -1, 1), "port"),
        Arguments.of((Supplier<IngressConfig>) () -> new IngressConfig("h", 65_536, 1), "port"),
        Arguments.of((Supplier<IngressConfig>) () -> new IngressConfig("h", 0, 0), "maxBodyBytes"),
        Arguments.of((Supplier<IngressConfig>) () -> new IngressConfig("h", 0, 1, 0, drain), "workerThreads"),
        Arguments.of((Supplier<IngressConfig>) () -> new IngressConfig("h", 0, 1, 1, drain.negated()), "drainTimeout"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("invalidConfigs")
  void shouldNameTheFieldWhenConfigIsInvalid(Supplier<IngressConfig> config, String field) {
    assertThatThrownBy(config::get).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(field);
  }
}
