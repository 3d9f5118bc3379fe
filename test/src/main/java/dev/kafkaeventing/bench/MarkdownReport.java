package dev.kafkaeventing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Renders a {@link BenchReport} as BENCHMARKS.md. Stateless. */
final class MarkdownReport {

  private static final List<String> FIGURE_HEADER = List.of("variant", "phase", "events/s", "vs reference",
      "p50 ms", "p99 ms", "p99.9 ms", "latency of", "platform CPU µs/event", "platform cores",
      "Kafka CPU µs/event", "heap MiB", "RSS MiB (peak)", "others' CPU (cores)", "load 1 min", "note");

  /** Where the record of optimisations is kept, relative to the output directory. */
  static final String HISTORY = "docs/perf/optimisations.md";

  private MarkdownReport() {}

  static String render(BenchReport report) {
    StringBuilder out = new StringBuilder();
    BenchConfig config = report.config();
    out.append("# Benchmarks\n\n");
    out.append("Written by the benchmark harness (`test/src/main/java/dev/kafkaeventing/bench`); do not edit by hand. "
        + "Regenerate with:\n\n```\n").append(config.command()).append("\n```\n\n");
    out.append(String.format(Locale.ROOT, "Run of %s UTC, %d min %d s; %d s warm-up and %d s per measured phase, "
            + "%d load-generator connections.%n%n",
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(report.started().atZone(ZoneOffset.UTC)),
        report.elapsed().toMinutes(), report.elapsed().toSecondsPart(), config.warmup().toSeconds(),
        config.duration().toSeconds(), config.connections()));
    machine(out, report);
    targets(out, report);
    out.append("![Throughput and latency per scenario](").append(Bench.PLOT).append(")\n\n");
    for (ScenarioResult scenario : report.scenarios()) {
      scenario(out, scenario);
    }
    method(out);
    history(out, report.config().outDir().resolve(HISTORY));
    return out.toString();
  }

  /** The hand-written record of optimisations (before/after figures), when the output holds one. */
  private static void history(StringBuilder out, Path file) {
    try {
      if (Files.isRegularFile(file)) {
        out.append("\n## Optimisations: before and after\n\n")
            .append("From `").append(HISTORY).append("` (kept by hand; the figures above are this run's).\n\n")
            .append(Files.readString(file).replaceFirst("^# [^\n]*\n+", ""));
      }
    } catch (IOException e) {
      out.append("\n(").append(HISTORY).append(" could not be read: ").append(e.getMessage()).append(")\n");
    }
  }

  private static void machine(StringBuilder out, BenchReport report) {
    Machine machine = report.machine();
    out.append("## Machine\n\n");
    table(out, List.of(List.of("cores", "CPU", "memory", "OS", "JVM", "load average before (1/5/15 min)",
            "load average after"),
        List.of(Integer.toString(machine.cores()), machine.cpuModel(),
            machine.memoryBytes() < 0 ? "n/a" : Format.mebibytes(machine.memoryBytes()) + " MiB", machine.os(),
            machine.jvm(), load(report.loadBefore()), load(report.loadAfter()))));
    out.append("\nKafka (its own JVM), the platform (its own JVM) and the bench process (load generator and "
        + "subscriber) share these cores. \"Others' CPU\" is what the rest of the machine used meanwhile "
        + "(other people's builds), in cores: figures taken while it is high are low.\n\n");
  }

  private static String load(double[] load) {
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", load[0], load[1], load[2]);
  }

  private static void targets(StringBuilder out, BenchReport report) {
    out.append("## Targets\n\n");
    List<List<String>> rows = new java.util.ArrayList<>();
    rows.add(List.of("scenario", "target", "measured", "met"));
    for (ScenarioResult scenario : report.scenarios()) {
      for (TargetCheck check : scenario.checks()) {
        rows.add(List.of(scenario.id(), check.target(), check.measured(), verdict(check)));
      }
    }
    table(out, rows);
    out.append('\n');
  }

  private static String verdict(TargetCheck check) {
    if (check.informative()) {
      return "for information";
    }
    return check.met() == null ? "not measured" : check.met() ? "yes" : "**no**";
  }

  private static void scenario(StringBuilder out, ScenarioResult scenario) {
    out.append("## ").append(scenario.title()).append("\n\n");
    if (!scenario.method().isEmpty()) {
      out.append(scenario.method()).append("\n\n");
    }
    if (!scenario.figures().isEmpty()) {
      List<List<String>> rows = new java.util.ArrayList<>();
      rows.add(FIGURE_HEADER);
      for (Figure figure : scenario.figures()) {
        rows.add(row(scenario, figure));
      }
      table(out, rows);
      out.append('\n');
    }
    if (!scenario.table().isEmpty()) {
      table(out, scenario.table());
      out.append('\n');
    }
    for (String note : scenario.notes()) {
      out.append("- ").append(note).append('\n');
    }
    if (!scenario.notes().isEmpty()) {
      out.append('\n');
    }
  }

  private static List<String> row(ScenarioResult scenario, Figure figure) {
    Usage usage = figure.usage();
    LatencySummary latency = figure.latency();
    String versus = scenario.referenceFor(figure)
        .map(ref -> Format.ratio(figure.eventsPerSecond() / ref.eventsPerSecond()) + " rate"
            + (Double.isNaN(latency.p99Ms()) || Double.isNaN(ref.latency().p99Ms()) ? ""
                : ", " + Format.ratio(latency.p99Ms() / ref.latency().p99Ms()) + " p99"))
        .orElse(figure.reference() ? "reference" : "");
    return List.of(figure.variant(), figure.phase(), Format.number(figure.eventsPerSecond()), versus,
        Format.number(latency.p50Ms()), Format.number(latency.p99Ms()), Format.number(latency.p999Ms()),
        figure.latencyOf(),
        usage == null ? "n/a" : Format.number(usage.platformCpuMicrosPerEvent()),
        usage == null ? "n/a" : Format.number(usage.platformCores()),
        usage == null ? "n/a" : Format.number(usage.kafkaCpuMicrosPerEvent()),
        Format.mebibytes(figure.heapBytes()),
        usage == null || usage.rssBytes() < 0 ? "n/a"
            : Format.mebibytes(usage.rssBytes()) + " (" + Format.mebibytes(usage.rssPeakBytes()) + ")",
        usage == null ? "n/a" : Format.number(usage.otherCores()),
        usage == null ? "n/a" : Format.number(usage.load1()),
        figure.note());
  }

  private static void method(StringBuilder out) {
    out.append("""
        ## How these figures are taken

        - **Processes.** Kafka runs as its own JVM (`kafka-eventing kafka`), the platform as another \
        (`kafka-eventing up --bootstrap-servers ...`, same JVM options as `bin/kafka-eventing`, a fresh one per \
        scenario), the bench (load generator and subscriber) as a third; Kafka's ProducerPerformance and hey run \
        as further child processes. All on 127.0.0.1.
        - **Warm-up.** Each fresh platform gets load in chunks until its JIT compiler threads use less than a \
        tenth of its CPU (up to a limit); measured phases then see compiled code.
        - **Events.** Binary-mode CloudEvents with 1 KiB of data (`application/octet-stream`). Each carries its \
        send time in the `benchsent` extension; the subscriber, in the same process as the load generator, \
        computes publish → delivery from it. Latency is counted from when an event was due, so a stall shows \
        up as latency rather than as a slower load (no coordinated omission).
        - **Rates.** Ingress "max" rows are closed loop (each connection sends its next event when the \
        previous one is answered). Delivery scenarios' "max" rows are the highest fixed publish rate the \
        platform sustains: every expected delivery made, the last within 1 s of the last publish (closed-loop \
        load would overrun the dispatch and measure how a backlog drains instead; the end-to-end scenario shows \
        that too, as its "closed loop" row). Their rate runs from the first publish to the last delivery. \
        "half" rows run at a fixed half of the max, for latency.
        - **CPU.** utime + stime of the process from `/proc/<pid>/stat` over the phase, divided by the events \
        published (for delivery scenarios this covers ingress and dispatch). "Platform cores" is that CPU time \
        over wall time. Thread-group breakdowns come from `/proc/<pid>/task/*/stat`.
        - **Memory.** Heap in use from `jcmd <pid> GC.heap_info` at the end of a phase (live data plus \
        garbage not yet collected); heap per idle Trigger from the same after `jcmd <pid> GC.run`. RSS and peak \
        RSS from `VmRSS` and `VmHWM` in `/proc/<pid>/status`.
        - **Noise.** Single runs on a shared 2-core machine: expect ±20%. Compare rows of one run (the \
        references are measured in the same run for that reason), and read the load average and others' CPU \
        beside each row.
        - **For scale.** Compare with Knative's Kafka broker only figures of one run with one load tool \
        (see `docs/perf/knative-side-by-side.md`): on one route, with its producer set like ours \
        (`linger.ms=5`, idempotent), its ingress took 1.11× ours and its end-to-end rate 1.16×; with its \
        shipped settings (`linger.ms=0`) ours took 1.36× its ingress and 1.21× its end-to-end rate. With N \
        Triggers each matching 1/N its dispatcher drained 9.4k/s (N=1), 3.4k/s (N=10), 667/s (N=100).
        """);
  }

  private static void table(StringBuilder out, List<List<String>> rows) {
    for (int i = 0; i < rows.size(); i++) {
      out.append("| ").append(String.join(" | ", rows.get(i).stream().map(MarkdownReport::cell).toList())).append(" |\n");
      if (i == 0) {
        out.append("|").append("---|".repeat(rows.get(0).size())).append('\n');
      }
    }
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
