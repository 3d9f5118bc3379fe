package dev.kafkaeventing.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FanOutCaseTest {

  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of(List.of(1, 10, 100, 1000), List.of("1 trigger, all match", "1 trigger, 1% match",
            "10 triggers, 1% match", "100 triggers, 1% match", "1,000 triggers, 1% match", "10 triggers, all match",
            "100 triggers, all match")),
        Arguments.of(List.of(10), List.of("1 trigger, all match", "10 triggers, 1% match", "10 triggers, all match")),
        Arguments.of(List.of(1, 100), List.of("1 trigger, all match", "1 trigger, 1% match", "100 triggers, 1% match",
            "100 triggers, all match")),
        Arguments.of(List.of(1000), List.of("1 trigger, all match", "1,000 triggers, 1% match")));
  }

  @ParameterizedTest
  @MethodSource("plans")
  void shouldRunTheReferenceFirstThenOnePercentThenAllMatchUpToAHundredWhenPlanning(List<Integer> fanOut,
      List<String> variants) {
    List<FanOutCase> plan = FanOutCase.plan(fanOut);

    assertThat(plan).extracting(FanOutCase::variant).containsExactlyElementsOf(variants);
    assertThat(plan).filteredOn(FanOutCase::reference).containsExactly(new FanOutCase(1, true, true));
    assertThat(plan).extracting(FanOutCase::namespace).doesNotHaveDuplicates();
  }

  static Stream<Arguments> expectations() {
    return Stream.of(
        Arguments.of(new FanOutCase(1, true, true), 1_000L),
        Arguments.of(new FanOutCase(10, true, false), 10_000L),
        Arguments.of(new FanOutCase(100, true, false), 100_000L),
        Arguments.of(new FanOutCase(1, false, false), 10L),
        Arguments.of(new FanOutCase(10, false, false), 100L),
        Arguments.of(new FanOutCase(1000, false, false), 10_000L));
  }

  @ParameterizedTest
  @MethodSource("expectations")
  void shouldExpectTheDeliveriesTheFiltersCallForWhenCountingAThousandEvents(FanOutCase fanOutCase, long deliveries) {
    DeliveryPhase.Expectation expectation = fanOutCase.expectation();

    assertThat(expectation.deliveries(7, 1_000)).isEqualTo(deliveries);
    assertThat(fanOutCase.deliveriesPerEvent() * 1_000).isCloseTo(deliveries, within(1e-9));
  }

  @Test
  void shouldFilterOnTheTriggersTypeOnlyWhenMatchingOnePercent() {
    FanOutCase onePercent = new FanOutCase(1000, false, false);
    FanOutCase all = new FanOutCase(10, true, false);

    assertThat(onePercent.filterType(123)).isEqualTo(BenchEvents.type(23));
    assertThat(all.filterType(3)).isNull();
  }

  @Test
  void shouldRejectAReferenceThatIsNotOneTriggerMatchingAllWhenBuilt() {
    assertThatThrownBy(() -> new FanOutCase(10, true, true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FanOutCase(1, false, true)).isInstanceOf(IllegalArgumentException.class);
  }
}
