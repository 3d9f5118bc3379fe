package dev.kafkaeventing.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything one benchmark run measured, for the report writers.
 *
 * @param machine where it ran
 * @param config how it ran
 * @param started when it began
 * @param elapsed how long it took
 * @param loadBefore load averages (1, 5, 15 min) before the first scenario
 * @param loadAfter load averages after the last
 * @param scenarios results in run order
 */
public record BenchReport(Machine machine, BenchConfig config, Instant started, Duration elapsed, double[] loadBefore,
    double[] loadAfter, List<ScenarioResult> scenarios) {

  public BenchReport {
    scenarios = List.copyOf(scenarios);
    loadBefore = loadBefore.clone();
    loadAfter = loadAfter.clone();
  }

  /** How many rows the run measured, over all scenarios. */
  public long figureCount() {
    return scenarios.stream().mapToLong(s -> s.figures().size()).sum();
  }
}
