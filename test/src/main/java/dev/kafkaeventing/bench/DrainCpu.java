package dev.kafkaeventing.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time over a phase in which processes come and go: the platform, Kafka, and the platform's
 * descendants (the replicas of its Knative Services, started during the phase), from {@code /proc}.
 * A descendant already running when the tally began counts from then, one born later from zero; a
 * descendant that exits counts up to its last {@link #sample}. Also the bench process (the
 * publisher, the polls) and the machine's busy time (every process, other work on the machine
 * included). Not thread-safe; one per phase.
 */
final class DrainCpu {

  private final long platformPid;
  private final long kafkaPid;
  private final long benchPid = ProcessHandle.current().pid();
  private final Totals start;
  /** Per descendant: CPU nanoseconds when first seen (0 when born after the start) and when last seen. */
  private final Map<Long, long[]> descendants = new HashMap<>();

  /** @param kafkaPid Kafka's process, or below 1 when Kafka is not a process of the run */
  DrainCpu(long platformPid, long kafkaPid) {
    this.platformPid = platformPid;
    this.kafkaPid = kafkaPid;
    descendantsNow().forEach((pid, cpu) -> descendants.put(pid, new long[] {cpu, cpu}));
    this.start = totals();
  }

  /** Samples the descendants (and the rest); @return the totals so far, to split the phase later */
  Totals sample() {
    descendantsNow().forEach((pid, cpu) -> descendants.computeIfAbsent(pid, p -> new long[] {0, cpu})[1] = cpu);
    return totals();
  }

  /** The cores each part kept busy from the start to {@code end}. */
  Cores since(Totals end) {
    return between(start, end);
  }

  /** The cores each part kept busy between two samples. */
  static Cores between(Totals from, Totals to) {
    double wall = Math.max(1, to.atNanos() - from.atNanos());
    double platform = (to.platform() - from.platform()) / wall;
    double kafka = to.kafka() < 0 ? Double.NaN : (to.kafka() - from.kafka()) / wall;
    double replicas = (to.replicas() - from.replicas()) / wall;
    double bench = (to.bench() - from.bench()) / wall;
    double machine = (to.machine() - from.machine()) / wall;
    return new Cores(platform, kafka, replicas, bench, machine);
  }

  private Totals totals() {
    long replicas = 0;
    for (long[] seen : descendants.values()) {
      replicas += seen[1] - seen[0];
    }
    return new Totals(System.nanoTime(), cpu(platformPid), kafkaPid > 0 ? cpu(kafkaPid) : -1, replicas,
        cpu(benchPid), ProcFs.machineCpu().busyNanos());
  }

  private Map<Long, Long> descendantsNow() {
    Map<Long, Long> now = new HashMap<>();
    Optional<ProcessHandle> platform = ProcessHandle.of(platformPid);
    platform.ifPresent(p -> p.descendants().forEach(child -> {
      long cpu = cpu(child.pid());
      if (cpu >= 0) {
        now.put(child.pid(), cpu);
      }
    }));
    return now;
  }

  /** CPU nanoseconds of {@code pid}, or -1 when it is gone. */
  private static long cpu(long pid) {
    try {
      return ProcFs.sample(pid).cpuNanos();
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  /** CPU nanoseconds so far, counted from the tally's baselines (machine: since boot). */
  record Totals(long atNanos, long platform, long kafka, long replicas, long bench, long machine) {}

  /**
   * Cores kept busy (CPU seconds per second): the platform, Kafka (NaN when not a process of the
   * run), the replicas, the bench process, and the whole machine (everything, other work on it included).
   */
  record Cores(double platform, double kafka, double replicas, double bench, double machine) {

    /** Everything else on the machine: other work. */
    double other() {
      return machine - platform - (Double.isNaN(kafka) ? 0 : kafka) - replicas - bench;
    }

    /** "platform / Kafka / replicas / bench / other = machine", in cores. */
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.2f / %s / %.2f / %.2f / %.2f = %.2f", platform,
          Double.isNaN(kafka) ? "n/a" : String.format(Locale.ROOT, "%.2f", kafka), replicas, bench,
          Math.max(0, other()), machine);
    }
  }
}
