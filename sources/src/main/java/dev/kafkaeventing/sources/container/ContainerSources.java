package dev.kafkaeventing.sources.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.ResourceKey;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes of the ContainerSources this instance runs, and their logs under {@code
 * <logDir>/<namespace>/<name>.log}. Thread-safe: the reconciler starts and stops processes, the
 * admin API reads logs. Lifecycle: {@link #close()} stops every process.
 */
public final class ContainerSources implements AutoCloseable {

  /** How much of a log's end {@link #logTail} reads at most. */
  private static final int TAIL_BYTES = 1 << 20;

  private final Path logDir;
  private final Map<ResourceKey, SupervisedProcess> running = new HashMap<>();
  private boolean closed;

  ContainerSources(Path logDir) {
    this.logDir = logDir;
  }

  Path logFile(ResourceKey key) {
    return logDir.resolve(key.namespace()).resolve(key.name() + ".log");
  }

  /** Runs the source's process with {@code spec}, restarting it when the spec changed. */
  synchronized SupervisedProcess ensure(ResourceKey key, ProcessSpec spec) {
    SupervisedProcess current = running.get(key);
    if (current != null && current.spec().equals(spec)) {
      return current;
    }
    if (current != null) {
      current.stop();
    }
    if (closed) {
      return null;
    }
    SupervisedProcess started = new SupervisedProcess(key.namespace() + "/" + key.name(), spec);
    running.put(key, started);
    started.start();
    return started;
  }

  synchronized void stop(ResourceKey key) {
    SupervisedProcess current = running.remove(key);
    if (current != null) {
      current.stop();
    }
  }

  /** What {@code describe} shows of a running process. */
  synchronized void describe(ResourceKey key, ObjectNode details) {
    SupervisedProcess current = running.get(key);
    if (current == null) {
      return;
    }
    ObjectNode process = details.putObject("process");
    process.put("command", String.join(" ", current.spec().command()));
    process.put("pid", current.pid());
    process.put("starts", current.starts());
    process.put("lastExit", current.lastExit());
    process.put("logFile", current.spec().logFile().toString());
  }

  /**
   * The last lines of a ContainerSource's log (stdout and stderr, with a line per start).
   *
   * @return empty when the source never ran here
   */
  public Optional<String> logTail(ResourceKey key, int lines) throws IOException {
    Path file = logFile(key);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
      long length = log.length();
      int size = (int) Math.min(length, TAIL_BYTES);
      byte[] bytes = new byte[size];
      log.seek(length - size);
      log.readFully(bytes);
      List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n", -1));
      if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
        all = all.subList(0, all.size() - 1);
      }
      List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
      return Optional.of(tail.isEmpty() ? "" : String.join("\n", tail) + "\n");
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    running.values().forEach(SupervisedProcess::stop);
    running.clear();
  }
}
