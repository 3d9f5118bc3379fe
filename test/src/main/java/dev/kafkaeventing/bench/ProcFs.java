package dev.kafkaeventing.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads Linux's {@code /proc}: a process's CPU time and memory, the machine's CPU counters and load
 * average. Stateless and thread-safe.
 */
final class ProcFs {

  /** Clock ticks per second of {@code /proc} CPU times ({@code getconf CLK_TCK}; 100 on Linux). */
  private static final long TICKS_PER_SECOND = clockTicks();

  private ProcFs() {}

  /** Nanoseconds per clock tick of {@code /proc} CPU times. */
  static long tickNanos() {
    return 1_000_000_000L / TICKS_PER_SECOND;
  }

  /**
   * CPU time (user + system) and memory of process {@code pid}.
   *
   * @throws IllegalStateException when the process is gone
   */
  static ProcessSample sample(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name is in parentheses and may hold spaces: fields count from after it.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      long rss = 0;
      long hwm = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kibibytes(line);
        } else if (line.startsWith("VmHWM:")) {
          hwm = kibibytes(line);
        }
      }
      return new ProcessSample(System.nanoTime(), ticks * 1_000_000_000L / TICKS_PER_SECOND, rss, hwm);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("process " + pid + " is not running", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long kibibytes(String statusLine) {
    String[] parts = statusLine.trim().split("\\s+");
    return Long.parseLong(parts[1]) * 1024;
  }

  /** The 1, 5 and 15 minute load averages. */
  static double[] loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
    } catch (IOException e) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
  }

  /** The machine's CPU time so far: busy and total, in nanoseconds summed over all cores. */
  static MachineCpu machineCpu() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      String[] fields = lines.get(0).trim().split("\\s+");
      long total = 0;
      long idle = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        long value = Long.parseLong(fields[i]);
        total += value;
        if (i == 4 || i == 5) {
          idle += value;
        }
      }
      long perTick = 1_000_000_000L / TICKS_PER_SECOND;
      return new MachineCpu((total - idle) * perTick, total * perTick);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A value of {@code /proc/cpuinfo} ("model name"), or empty. */
  static String cpuInfo(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux: leave it out
    }
    return "";
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  /** A process's counters at one instant. */
  record ProcessSample(long atNanos, long cpuNanos, long rssBytes, long rssPeakBytes) {}

  /** The machine's CPU counters at one instant, summed over cores. */
  record MachineCpu(long busyNanos, long totalNanos) {}
}
