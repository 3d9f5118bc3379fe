package dev.kafkaeventing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the benchmark scenarios and writes the report: starts Kafka as a child process (unless given
 * one), the bench subscriber and load generator in this process, each scenario's platform as a child
 * process, then writes {@value #REPORT} and {@value #PLOT} into the output directory.
 *
 * <p>One run per call; not thread-safe. Every process it starts is stopped before it returns.
 */
public final class Bench {

  /** The report's file name. */
  public static final String REPORT = "BENCHMARKS.md";
  /** The plot's file name, referenced by the report. */
  public static final String PLOT = "benchmarks.svg";

  private Bench() {}

  /** Runs {@code config}'s scenarios; the report is also written to disk. */
  public static BenchReport run(BenchConfig config) throws Exception {
    Files.createDirectories(config.workDir());
    Files.createDirectories(config.outDir());
    Instant started = Instant.now();
    long start = System.nanoTime();
    double[] loadBefore = ProcFs.loadAverage();
    List<ScenarioResult> results = new ArrayList<>();
    KafkaNode kafka = config.bootstrapServers() == null
        ? KafkaNode.start(config, config.workDir().resolve("data/kafka"))
        : null;
    try (BenchSubscriber subscriber = BenchSubscriber.start(2);
        LoadGenerator load = new LoadGenerator(config.connections(), 2);
        BenchContext ctx = new BenchContext(config, kafka, load, subscriber)) {
      for (String name : config.scenarios()) {
        ctx.log("scenario %s (load average %.2f)", name, ProcFs.loadAverage()[0]);
        results.add(runOne(ctx, name));
      }
    } finally {
      if (kafka != null) {
        kafka.close();
      }
      // Kafka's and the platforms' data run to gigabytes; the logs stay for reading.
      deleteRecursively(config.workDir().resolve("data"));
    }
    BenchReport report = new BenchReport(Machine.current(), config, started,
        Duration.ofNanos(System.nanoTime() - start), loadBefore, ProcFs.loadAverage(), results);
    write(config.outDir().resolve(REPORT), MarkdownReport.render(report));
    write(config.outDir().resolve(PLOT), SvgPlot.render(report));
    return report;
  }

  /** Runs one scenario; a failure becomes a result saying so, and the run goes on. */
  private static ScenarioResult runOne(BenchContext ctx, String name) {
    try {
      return Scenarios.named(name).run(ctx);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ScenarioResult.failed(name, e);
    } catch (Exception | AssertionError e) {
      ctx.log("scenario %s failed: %s", name, e);
      e.printStackTrace(System.out);
      return ScenarioResult.failed(name, e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content);
  }
}
