package dev.kafkaeventing.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LatencyHistogramTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of(0L), Arguments.of(1L), Arguments.of(63L), Arguments.of(64L), Arguments.of(127L),
        Arguments.of(128L), Arguments.of(1_000L), Arguments.of(12_345L), Arguments.of(2_000_000L),
        Arguments.of(86_400_000_000L));
  }

  @ParameterizedTest
  @MethodSource("values")
  void shouldPutEveryValueInABucketThatHoldsItWhenIndexing(long micros) {
    int index = LatencyHistogram.index(micros);

    assertThat(LatencyHistogram.lowerBound(index)).isLessThanOrEqualTo(micros);
    assertThat(LatencyHistogram.lowerBound(index) + LatencyHistogram.width(index)).isGreaterThan(micros);
    assertThat((double) LatencyHistogram.width(index)).isLessThanOrEqualTo(Math.max(1, micros / 63.0));
  }

  @Test
  void shouldReportPercentilesWithinTwoPercentWhenValuesAreUniform() {
    LatencyHistogram histogram = new LatencyHistogram();

    LongStream.rangeClosed(1, 10_000).forEach(ms -> histogram.recordNanos(ms * 1_000_000));

    LatencySummary summary = histogram.summary();
    assertThat(summary.count()).isEqualTo(10_000);
    assertThat(summary.p50Ms()).isCloseTo(5_000, within(100.0));
    assertThat(summary.p99Ms()).isCloseTo(9_900, within(200.0));
    assertThat(summary.p999Ms()).isCloseTo(9_990, within(200.0));
    assertThat(summary.maxMs()).isCloseTo(10_000, within(200.0));
  }

  @Test
  void shouldReportAnEmptySummaryWhenNothingWasRecorded() {
    assertThat(new LatencyHistogram().summary().isEmpty()).isTrue();
  }
}
