package dev.kafkaeventing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportWritersTest {

  static BenchReport report() {
    BenchConfig config = new BenchConfig(Path.of("/tmp/out"), Path.of("/tmp/work"), List.of("ingress"), Duration.ZERO,
        Duration.ZERO, Duration.ofSeconds(1), 64, List.of(1), Duration.ofSeconds(2), 1, 2, 10, null, "cp", "cp", List.of(), List.of(),
        List.of(),
        false, null, "bin/bench --duration 1s");
    Usage usage = new Usage(1, 12.5, 0.4, 30, 8, 0.1, 300L << 20, 310L << 20, 0.5);
    Figure measured = new Figure("platform ingress", Figure.MAX, false, 20_000, new LatencySummary(10, 1, 4, 8, 9),
        "publish → 202", usage, 100L << 20, "a | note");
    Figure reference = new Figure("Kafka ProducerPerformance", Figure.MAX, true, 100_000,
        new LatencySummary(10, 2, 5, 9, Double.NaN), "send → ack", null, -1, "");
    Figure half = new Figure("platform ingress", Figure.HALF, false, 10_000, new LatencySummary(10, 0.5, 2, 3, 4),
        "publish → 202", usage, 100L << 20, "");
    ScenarioResult scenario = new ScenarioResult("ingress", "Ingress", "How.", List.of(measured, half, reference),
        List.of(TargetCheck.atLeast("events/s", 20_000, 30_000, ""), TargetCheck.notMeasurable("x", "not yet"),
            TargetCheck.informative("events/s ÷ reference's", 0.25, "")),
        List.of("A note."), List.of(List.of("a", "b"), List.of("1", "2")));
    return new BenchReport(new Machine(2, "cpu", 1L << 30, "Linux", "JVM 17"), config, Instant.EPOCH,
        Duration.ofSeconds(90), new double[] {1, 2, 3}, new double[] {0.5, 1, 2}, List.of(scenario));
  }

  @Test
  void shouldShowFiguresRatiosTargetsAndCommandWhenRenderingMarkdown() {
    String markdown = MarkdownReport.render(report());

    assertThat(markdown)
        .contains("bin/bench --duration 1s")
        .contains("| ingress | events/s ≥ 30,000 | 20,000 | **no** |")
        .contains("| ingress | x | not yet | not measured |")
        .contains("| ingress | events/s ÷ reference's | 0.25 | for information |")
        .contains("| platform ingress | max | 20,000 | 0.20× rate, 0.80× p99 |")
        .contains("a \\| note")
        .contains("| 300 (310) |")
        .contains("| a | b |\n|---|---|\n| 1 | 2 |")
        .contains("- A note.")
        .contains("load average before (1/5/15 min)")
        .contains("1.00 / 2.00 / 3.00");
  }

  @Test
  void shouldDrawOneBarPerMaxRowAndMarkersPerHalfRowWhenRenderingSvg() {
    String svg = SvgPlot.render(report());

    assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
    assertThat(svg.split("fill=\"#1f77b4\"", -1)).hasSize(2);
    assertThat(svg.split("fill=\"#9e9e9e\"", -1)).hasSize(2);
    assertThat(svg).contains("<circle", "<polygon", "ingress: platform ingress");
  }

  @Test
  void shouldRoundUpToOneTwoOrFiveTimesAPowerOfTenWhenScalingAxes() {
    assertThat(SvgPlot.niceCeiling(34_000)).isEqualTo(50_000);
    assertThat(SvgPlot.niceCeiling(100)).isEqualTo(100);
    assertThat(SvgPlot.niceCeiling(101)).isEqualTo(200);
  }
}
