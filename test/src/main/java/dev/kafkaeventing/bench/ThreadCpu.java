package dev.kafkaeventing.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of a process's threads grouped by what they do, from {@code /proc/<pid>/task/*}: shows
 * where the platform's CPU goes (ingress event loops, Kafka producer, stream threads, HTTP client,
 * GC, JIT). Linux keeps only the first 15 characters of a thread's name, so groups go by prefix.
 * Threads that ended between two samples are missing from the breakdown (not from the process total).
 */
final class ThreadCpu {

  /** Name prefix to group, first match wins. */
  private static final Map<String, String> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("ingress-io", "ingress event loops");
    GROUPS.put("ingress-kafka", "ingress send thread");
    GROUPS.put("ingress-accept", "ingress event loops");
    GROUPS.put("activator-io", "activator event loops");
    GROUPS.put("activator-accept", "activator event loops");
    GROUPS.put("kafka-producer", "Kafka producer I/O");
    GROUPS.put("GC Thread", "GC");
    GROUPS.put("G1 ", "GC");
    GROUPS.put("VM Periodic", "JVM other");
    GROUPS.put("VM Thread", "JVM other");
    GROUPS.put("C1 Compiler", "JIT");
    GROUPS.put("C2 Compiler", "JIT");
    GROUPS.put("http-client", "dispatch HTTP client");
    // Stream threads are named after their application id, which starts with the instance name;
    // Linux keeps 15 characters of a thread name, and the bench names every instance kafka-eventing-*.
    GROUPS.put("kafka-eventing-", "broker stream threads");
  }

  private ThreadCpu() {}

  /** Thread id to (name, CPU nanoseconds) now. */
  static Map<Long, Map.Entry<String, Long>> sample(long pid) {
    Map<Long, Map.Entry<String, Long>> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          threads.put(Long.parseLong(task.getFileName().toString()), Map.entry(name, ticks * ProcFs.tickNanos()));
        } catch (IOException | RuntimeException e) {
          // the thread ended while we looked
        }
      }
    } catch (IOException e) {
      // the process ended: no breakdown
    }
    return threads;
  }

  /** CPU seconds per group between two samples, largest first. */
  static Map<String, Double> breakdown(Map<Long, Map.Entry<String, Long>> before, Map<Long, Map.Entry<String, Long>> after) {
    Map<String, Double> seconds = new HashMap<>();
    after.forEach((tid, now) -> {
      Map.Entry<String, Long> then = before.get(tid);
      long cpu = now.getValue() - (then == null ? 0 : then.getValue());
      seconds.merge(group(now.getKey()), cpu / 1e9, Double::sum);
    });
    Map<String, Double> sorted = new LinkedHashMap<>();
    seconds.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  static String group(String threadName) {
    for (Map.Entry<String, String> group : GROUPS.entrySet()) {
      if (threadName.startsWith(group.getKey())) {
        return group.getValue();
      }
    }
    return "other (" + threadName.replaceAll("[-#\\d]+$", "") + ")";
  }
}
