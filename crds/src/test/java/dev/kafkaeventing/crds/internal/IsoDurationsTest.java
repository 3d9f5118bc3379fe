package dev.kafkaeventing.crds.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoDurationsTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("PT0.2S", Duration.ofMillis(200)),
        Arguments.of("PT1S", Duration.ofSeconds(1)),
        Arguments.of("PT10M", Duration.ofMinutes(10)),
        Arguments.of("PT168H", Duration.ofHours(168)),
        Arguments.of("P7D", Duration.ofDays(7)),
        Arguments.of("P1W", Duration.ofDays(7)),
        Arguments.of("P1DT12H", Duration.ofHours(36)),
        Arguments.of("PT0,5S", Duration.ofMillis(500)),
        Arguments.of("pt2s", Duration.ofSeconds(2)),
        Arguments.of("PT0S", Duration.ZERO),
        Arguments.of("-PT1S", Duration.ofSeconds(-1)),
        Arguments.of("P1Y", Duration.ofSeconds(31_556_952)),
        Arguments.of("P1M", Duration.ofSeconds(2_629_746)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void shouldParseWhenDurationIsIso8601(String text, Duration expected) {
    assertThat(IsoDurations.parse(text)).contains(expected);
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"PT1X", "P", "PT", "1s", "10s", "PT1H2", "P1S", "PT1D", "", "P-1D"})
  void shouldRejectWhenDurationIsNotIso8601(String text) {
    assertThat(IsoDurations.parse(text)).isEmpty();
  }
}
