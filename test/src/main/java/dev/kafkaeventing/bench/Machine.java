package dev.kafkaeventing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a run measured: cores, CPU model, memory, OS and JVM.
 *
 * @param cores available processors
 * @param cpuModel from {@code /proc/cpuinfo}
 * @param memoryBytes total memory from {@code /proc/meminfo}; -1 when unknown
 * @param os name, version and architecture
 * @param jvm vendor, VM and version of the JVM running the bench (and its children)
 */
record Machine(int cores, String cpuModel, long memoryBytes, String os, String jvm) {

  static Machine current() {
    return new Machine(Runtime.getRuntime().availableProcessors(), ProcFs.cpuInfo("model name"), memory(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + " (" + System.getProperty("java.vendor") + ")");
  }

  private static long memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }
}
