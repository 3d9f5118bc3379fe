package dev.kafkaeventing.bench;

/**
 * Counts the CPU time of the platform, Kafka, the bench process and the rest of the machine over one
 * phase: {@link #begin} samples {@code /proc}, {@link #end} samples again and divides by the phase's
 * events. Not thread-safe; one per phase.
 */
final class Measurement {

  private final long platformPid;
  private final long kafkaPid;
  private final long benchPid = ProcessHandle.current().pid();
  private final ProcFs.ProcessSample platform;
  private final ProcFs.ProcessSample kafka;
  private final ProcFs.ProcessSample bench;
  private final ProcFs.MachineCpu machine;

  private Measurement(long platformPid, long kafkaPid) {
    this.platformPid = platformPid;
    this.kafkaPid = kafkaPid;
    this.machine = ProcFs.machineCpu();
    this.platform = ProcFs.sample(platformPid);
    this.kafka = kafkaPid > 0 ? ProcFs.sample(kafkaPid) : null;
    this.bench = ProcFs.sample(benchPid);
  }

  /**
   * @param kafkaPid Kafka's process, or a value below 1 when Kafka runs elsewhere (embedded or given)
   */
  static Measurement begin(long platformPid, long kafkaPid) {
    return new Measurement(platformPid, kafkaPid);
  }

  /** Samples again; per-event figures are over {@code events} (at least one). */
  Usage end(long events) {
    ProcFs.MachineCpu machineNow = ProcFs.machineCpu();
    ProcFs.ProcessSample platformNow = ProcFs.sample(platformPid);
    ProcFs.ProcessSample kafkaNow = kafka == null ? null : ProcFs.sample(kafkaPid);
    ProcFs.ProcessSample benchNow = ProcFs.sample(benchPid);
    double perEvent = 1_000.0 * Math.max(1, events);
    long platformCpu = platformNow.cpuNanos() - platform.cpuNanos();
    long kafkaCpu = kafka == null ? 0 : kafkaNow.cpuNanos() - kafka.cpuNanos();
    long benchCpu = benchNow.cpuNanos() - bench.cpuNanos();
    double wall = platformNow.atNanos() - platform.atNanos();
    long others = (machineNow.busyNanos() - machine.busyNanos()) - platformCpu - kafkaCpu - benchCpu;
    return new Usage(wall / 1e9, platformCpu / perEvent, platformCpu / wall,
        kafka == null ? Double.NaN : kafkaCpu / perEvent, benchCpu / perEvent, Math.max(0, others) / wall,
        platformNow.rssBytes(), platformNow.rssPeakBytes(), ProcFs.loadAverage()[0]);
  }
}
