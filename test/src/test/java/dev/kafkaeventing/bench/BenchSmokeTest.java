package dev.kafkaeventing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.it.KafkaFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark harness end to end at toy size: the platform as a child process on the suite's
 * Kafka, a second of load per phase. Checks that the report and the plot are written and that the
 * figures are sane, not that they are fast (the real runs are {@code bin/bench}, outside CI).
 */
class BenchSmokeTest {

  @TempDir
  Path dir;

  @Test
  void shouldWriteReportAndPlotWithSaneFiguresWhenRunningTheScenariosAtToySize() throws Exception {
    String classpath = System.getProperty("java.class.path");
    BenchConfig config = new BenchConfig(dir.resolve("out"), dir.resolve("work"),
        List.of("ingress", "e2e", "fanout", "slow", "sequence"), Duration.ofMillis(300), Duration.ofMillis(300),
        Duration.ofSeconds(1), 8,
        List.of(10), Duration.ofMillis(300), 2, 4, 5_000, KafkaFixture.bootstrapServers(), classpath, classpath,
        List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"), List.of(), List.of(), true, null, "smoke test");

    BenchReport report = Bench.run(config);

    assertThat(report.scenarios()).extracting(ScenarioResult::id).containsExactly("ingress", "e2e", "fanout", "slow", "sequence");
    assertThat(report.scenarios()).noneMatch(ScenarioResult::isFailure);
    for (ScenarioResult scenario : report.scenarios()) {
      for (Figure figure : scenario.figures()) {
        assertSane(scenario, figure);
      }
    }
    ScenarioResult e2e = report.scenarios().get(1);
    assertThat(e2e.figures()).filteredOn(f -> !f.reference()).allSatisfy(f -> assertThat(f.note()).doesNotContain("missing"));
    ScenarioResult fanOut = report.scenarios().get(2);
    assertThat(fanOut.figures()).filteredOn(f -> f.phase().equals(Figure.MAX)).extracting(Figure::variant)
        .containsExactly("1 trigger, all match", "10 triggers, 1% match", "10 triggers, all match");
    assertThat(fanOut.figures()).filteredOn(Figure::reference).extracting(Figure::variant)
        .containsOnly("1 trigger, all match");
    assertThat(fanOut.checks()).first().satisfies(check -> {
      assertThat(check.target()).startsWith("deliveries/s of 10 triggers at 1% match");
      assertThat(check.met()).isNotNull();
    });
    assertThat(fanOut.checks()).filteredOn(TargetCheck::informative).hasSize(1);
    ScenarioResult sequence = report.scenarios().get(4);
    // Sequences are served now: the scenario measures (its figures were checked above) and judges its target.
    assertThat(sequence.figures()).isNotEmpty();
    String markdown = Files.readString(config.outDir().resolve(Bench.REPORT));
    assertThat(markdown).contains("# Benchmarks", "## Targets", "## Ingress", "## End to end", "## Fan-out",
        "## Slow subscriber", "](" + Bench.PLOT + ")", "smoke test");
    String svg = Files.readString(config.outDir().resolve(Bench.PLOT));
    assertThat(svg).startsWith("<svg").contains("<rect", "<circle").endsWith("</svg>\n");
  }

  private static void assertSane(ScenarioResult scenario, Figure figure) {
    String what = scenario.id() + " / " + figure.variant() + " / " + figure.phase();
    assertThat(figure.eventsPerSecond()).as(what + " rate").isPositive().isLessThan(10_000_000);
    LatencySummary latency = figure.latency();
    assertThat(latency.count()).as(what + " latency count").isPositive();
    assertThat(latency.p50Ms()).as(what + " p50").isPositive().isLessThanOrEqualTo(latency.p99Ms());
    if (!Double.isNaN(latency.p999Ms())) {
      assertThat(latency.p99Ms()).as(what + " p99").isLessThanOrEqualTo(latency.p999Ms());
    }
    Usage usage = figure.usage();
    if (usage != null && !Double.isNaN(usage.platformCpuMicrosPerEvent())) {
      assertThat(usage.platformCpuMicrosPerEvent()).as(what + " CPU per event").isPositive().isLessThan(1_000_000);
      assertThat(usage.rssBytes()).as(what + " RSS").isGreaterThan(16L << 20);
      assertThat(usage.rssPeakBytes()).as(what + " peak RSS").isGreaterThanOrEqualTo(usage.rssBytes());
    }
    if (figure.heapBytes() != -1) {
      assertThat(figure.heapBytes()).as(what + " heap").isGreaterThan(1L << 20);
    }
  }
}
