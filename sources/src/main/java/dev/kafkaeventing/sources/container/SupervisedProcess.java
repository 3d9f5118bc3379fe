package dev.kafkaeventing.sources.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ContainerSource's process, kept running: started, and started again with exponential
 * backoff (1 s doubling to 30 s, back to 1 s after it ran for a minute) whenever it exits, until
 * {@link #stop()}. Its stdout and stderr are appended to the log file, each start preceded by a
 * line saying so.
 *
 * <p>Thread-safe. One thread of its own waits on the process.
 */
final class SupervisedProcess {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisedProcess.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration STABLE = Duration.ofMinutes(1);

  private final String name;
  private final ProcessSpec spec;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile Process process;
  private volatile int starts;
  private volatile String lastExit;

  SupervisedProcess(String name, ProcessSpec spec) {
    this.name = name;
    this.spec = spec;
    this.thread = new Thread(this::superviseLoop, "containersource-" + name);
    this.thread.setDaemon(true);
  }

  ProcessSpec spec() {
    return spec;
  }

  void start() {
    thread.start();
  }

  /** The running process' id, or -1. */
  long pid() {
    Process current = process;
    return current != null && current.isAlive() ? current.pid() : -1;
  }

  /** How many times it was started (1 + restarts). */
  int starts() {
    return starts;
  }

  /** Why it last exited, or null. */
  String lastExit() {
    return lastExit;
  }

  private void superviseLoop() {
    Duration backoff = FIRST_BACKOFF;
    while (!stopped) {
      Instant started = Instant.now();
      try {
        Process current = launch();
        int code = current.waitFor();
        lastExit = "exit code " + code + " at " + Instant.now();
      } catch (IOException e) {
        lastExit = "could not start: " + e.getMessage();
        LOG.warn("ContainerSource {}: cannot start {}: {}", name, spec.command(), e.getMessage());
      } catch (InterruptedException e) {
        break;
      }
      if (stopped) {
        break;
      }
      backoff = Duration.between(started, Instant.now()).compareTo(STABLE) >= 0 ? FIRST_BACKOFF : backoff;
      LOG.info("ContainerSource {}: process ended ({}); restarting in {} ms", name, lastExit, backoff.toMillis());
      appendLine("--- " + lastExit + "; restarting in " + backoff.toMillis() + " ms");
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        break;
      }
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  private synchronized Process launch() throws IOException {
    if (stopped) {
      throw new IOException("stopped");
    }
    Files.createDirectories(spec.logFile().getParent());
    ProcessBuilder builder = new ProcessBuilder(spec.command())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    if (spec.workingDir() != null) {
      builder.directory(spec.workingDir().toFile());
    }
    builder.environment().putAll(spec.environment());
    appendLine("--- starting " + String.join(" ", spec.command()) + " at " + Instant.now());
    process = builder.start();
    starts++;
    LOG.info("ContainerSource {}: started {} (pid {})", name, spec.command().get(0), process.pid());
    return process;
  }

  private void appendLine(String line) {
    try {
      Files.writeString(spec.logFile(), line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.debug("ContainerSource {}: cannot write its log: {}", name, e.getMessage());
    }
  }

  /** Stops the process (and its children): SIGTERM, then SIGKILL after 5 s. Blocks until done. */
  void stop() {
    Process current;
    synchronized (this) {
      stopped = true;
      current = process;
    }
    thread.interrupt();
    if (current != null) {
      current.descendants().forEach(ProcessHandle::destroy);
      current.destroy();
      try {
        if (!current.waitFor(5, TimeUnit.SECONDS)) {
          current.descendants().forEach(ProcessHandle::destroyForcibly);
          current.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
