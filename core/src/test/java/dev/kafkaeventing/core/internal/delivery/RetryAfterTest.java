package dev.kafkaeventing.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryAfterTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("1994-11-06T08:49:30Z"), ZoneOffset.UTC);

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("120", Optional.of(Duration.ofSeconds(120))),
        Arguments.of(" 5 ", Optional.of(Duration.ofSeconds(5))),
        Arguments.of("Sun, 06 Nov 1994 08:49:37 GMT", Optional.of(Duration.ofSeconds(7))),
        Arguments.of("Sunday, 06-Nov-94 08:49:37 GMT", Optional.of(Duration.ofSeconds(7))),
        Arguments.of("Sun Nov  6 08:49:40 1994", Optional.of(Duration.ofSeconds(10))),
        Arguments.of("Sun, 06 Nov 1994 08:00:00 GMT", Optional.of(Duration.ZERO)),
        Arguments.of("99999999999999999999", Optional.of(Duration.ofSeconds(999_999_999_999L))),
        Arguments.of("-3", Optional.empty()),
        Arguments.of("later", Optional.empty()),
        Arguments.of("", Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("values")
  void shouldParseDeltaSecondsAndHttpDatesWhenHeaderIsPresent(String value, Optional<Duration> expected) {
    Optional<Duration> parsed = RetryAfter.parse(value, CLOCK);

    assertThat(parsed).isEqualTo(expected);
  }
}
