package dev.kafkaeventing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FanOutScenarioTest {

  private static final LatencySummary LATENCY = new LatencySummary(100, 2, 8, 12, 15);

  /** A 10 s run that published {@code events} and made {@code deliveries}. */
  private static DeliveryRun run(long events, long deliveries) {
    long tenSeconds = 10_000_000_000L;
    PhaseResult publish = new PhaseResult(0, tenSeconds, events, events, 0, 0, LATENCY, LatencySummary.EMPTY);
    return new DeliveryRun(publish, deliveries, deliveries, deliveries, 0, true, 10, LATENCY, null, Map.of());
  }

  private static FanOutRun.Result result(FanOutCase fanOutCase, long events, long deliveries, long heapBefore,
      long heapAfter) {
    return new FanOutRun.Result(fanOutCase, heapBefore, heapAfter, 1.5, run(events, deliveries), 100L << 20,
        "highest fixed rate sustained", run(events / 2, deliveries / 2), 90L << 20);
  }

  private static ScenarioResult scenario() {
    BenchConfig config = new BenchConfig(Path.of("/tmp/out"), Path.of("/tmp/work"), List.of("fanout"), Duration.ZERO,
        Duration.ZERO, Duration.ofSeconds(15), 64, List.of(1000), Duration.ofSeconds(2), 1, 2, 10, null, "cp", "cp",
        List.of(), List.of(), List.of(), false, null, "bin/bench --fanout 1000");
    return FanOutScenario.result(config, List.of(
        result(new FanOutCase(1, true, true), 50_000, 50_000, -1, -1),
        result(new FanOutCase(1000, false, false), 3_000, 30_000, 20L << 20, (20L << 20) + 1_024_000)));
  }

  @Test
  void shouldHoldTheLargestOnePercentRunsDeliveriesAgainstTheReferencesWhenCheckingTargets() {
    ScenarioResult scenario = scenario();

    assertThat(scenario.checks()).hasSize(3);
    TargetCheck delivered = scenario.checks().get(0);
    assertThat(delivered.target()).isEqualTo("deliveries/s of 1,000 triggers at 1% match ÷ those of 1 trigger "
        + "matching all ≥ 0.50");
    assertThat(delivered.measured()).isEqualTo("0.60");
    assertThat(delivered.met()).isTrue();
    TargetCheck published = scenario.checks().get(1);
    assertThat(published.informative()).isTrue();
    assertThat(published.measured()).isEqualTo("0.06");
    assertThat(scenario.checks().get(2).measured()).isEqualTo("1.00 KiB");
  }

  @Test
  void shouldShowEventsAndDeliveriesAgainstTheAllMatchReferenceWhenRenderingTheReport() {
    BenchReport report = new BenchReport(new Machine(2, "cpu", 1L << 30, "Linux", "JVM 17"),
        ReportWritersTest.report().config(), Instant.EPOCH, Duration.ofSeconds(90), new double[] {1, 2, 3},
        new double[] {1, 2, 3}, List.of(scenario()));

    String markdown = MarkdownReport.render(report);

    assertThat(markdown)
        .contains("| 1 trigger, all match | max | 5,000 | reference |")
        .contains("| 1,000 triggers, 1% match | max | 300 | 0.06× rate, 1.00× p99 |")
        .contains("highest fixed rate sustained; 3,000 deliveries/s (10 per event), 0.60× the reference's |")
        .contains("highest fixed rate sustained; 5,000 deliveries/s (1 per event) |")
        .contains("| fanout | deliveries/s of 1,000 triggers at 1% match ÷ those of 1 trigger matching all ≥ 0.50 "
            + "| 0.60 | yes |")
        .contains("| for information |")
        .contains("| 1,000 triggers, 1% match | 20 | 21 | 1.00 | 1.50 |")
        .doesNotContain("| 1 trigger, all match | n/a |");
  }
}
