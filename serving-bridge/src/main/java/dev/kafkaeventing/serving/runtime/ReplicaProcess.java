package dev.kafkaeventing.serving.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of a revision: a local process with its own {@code PORT}, probed for readiness
 * (at start: at once, then every 5 ms for the first {@value #FAST_PROBES} probes, then every 25 ms as
 * Knative's queue-proxy does, until ready; then every {@code periodSeconds}),
 * restarted with backoff when it exits, its output appended to one log file. Each start (and restart)
 * waits for a slot of the runtime's {@link ReplicaStarts}, held until the replica is ready, exits or
 * is stopped.
 *
 * <p>Thread-safe: its methods are synchronized; probes and restarts run on the runtime's scheduler,
 * exits are seen on the JDK's process reaper.
 */
final class ReplicaProcess implements ReplicaStarts.Startable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaProcess.class);
  /** Probes at start every {@link #FAST_PROBE_PERIOD} before falling back to {@link #STARTUP_PROBE_PERIOD}. */
  static final int FAST_PROBES = 40;
  private static final Duration FAST_PROBE_PERIOD = Duration.ofMillis(5);
  private static final Duration STARTUP_PROBE_PERIOD = Duration.ofMillis(25);
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
  private static final int FAILURE_THRESHOLD = 3;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** Variables of the platform's environment a replica inherits (to find its interpreter). */
  private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "JAVA_HOME",
      "SYSTEMROOT");

  /** What a replica reports to its revision. */
  interface Events {
    void readinessChanged();

    void exited(int exitCode, String lastLines);
  }

  private final RevisionWorkload workload;
  private final int index;
  private final Path logFile;
  private final Path workingDir;
  private final ScheduledExecutorService scheduler;
  private final ReplicaStarts starts;
  private final Events events;
  private Process process;
  private int port;
  private boolean ready;
  private boolean stopped;
  private int successes;
  private int failures;
  private int consecutiveCrashes;
  private ScheduledFuture<?> probe;
  /** Probes since the process started or last became unready; their period grows from 5 to 25 ms. */
  private int startupProbes;
  /** Probing at the revision's {@code periodSeconds} (ready) rather than at start-up pace. */
  private boolean steadyProbing;

  ReplicaProcess(RevisionWorkload workload, int index, Path logFile, Path workingDir,
      ScheduledExecutorService scheduler, ReplicaStarts starts, Events events) {
    this.workload = workload;
    this.index = index;
    this.logFile = logFile;
    this.workingDir = workingDir;
    this.scheduler = scheduler;
    this.starts = starts;
    this.events = events;
  }

  /** Starts the process now, or once the runtime has a free start slot. */
  void requestStart() {
    synchronized (this) {
      if (stopped) {
        return;
      }
    }
    if (starts.request(this)) {
      start();
    }
  }

  /** Spawns the process; called once it holds a start slot. */
  @Override
  public synchronized void start() {
    if (stopped) {
      starts.settled(this);
      return;
    }
    try {
      port = freePort();
      Files.createDirectories(logFile.getParent());
      Files.writeString(logFile, "--- " + Instant.now() + " replica " + index + " of " + workload.id()
          + " starting on PORT=" + port + ": " + String.join(" ", workload.command()) + System.lineSeparator(),
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(workload.command())
          .directory(workingDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().clear();
      builder.environment().putAll(environment());
      Process started = builder.start();
      process = started;
      started.onExit().thenAccept(this::exited);
      successes = 0;
      failures = 0;
      startupProbing(0);
    } catch (IOException e) {
      append("--- cannot start: " + e.getMessage());
      scheduler.execute(() -> crashed(127, e.getMessage()));
    }
  }

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    INHERITED_ENV.forEach(name -> {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    });
    env.putAll(workload.env());
    env.put("PORT", Integer.toString(port));
    env.put("K_SERVICE", workload.service() == null ? "" : workload.service());
    env.put("K_CONFIGURATION", workload.configuration() == null ? "" : workload.configuration());
    env.put("K_REVISION", workload.id().name());
    return env;
  }

  /** Probes after {@code firstDelayMillis}, then at start-up pace. Holds the lock. */
  private void startupProbing(long firstDelayMillis) {
    if (probe != null) {
      probe.cancel(false);
    }
    steadyProbing = false;
    startupProbes = 0;
    probe = scheduler.schedule(this::probeOnce, firstDelayMillis, TimeUnit.MILLISECONDS);
  }

  /** Probes every {@code periodSeconds} once ready. Holds the lock. */
  private void steadyProbing() {
    if (probe != null) {
      probe.cancel(false);
    }
    steadyProbing = true;
    long period = workload.probe().period().toMillis();
    probe = scheduler.scheduleWithFixedDelay(this::probeOnce, period, period, TimeUnit.MILLISECONDS);
  }

  /** At start-up pace, the next probe: 5 ms apart at first, then 25 ms. Holds the lock. */
  private void nextStartupProbe() {
    if (steadyProbing || stopped) {
      return;
    }
    startupProbes++;
    Duration delay = startupProbes < FAST_PROBES ? FAST_PROBE_PERIOD : STARTUP_PROBE_PERIOD;
    probe = scheduler.schedule(this::probeOnce, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void probeOnce() {
    int probedPort;
    Process probed;
    synchronized (this) {
      if (stopped || process == null) {
        return;
      }
      if (!process.isAlive()) {
        // Exited: the exit handler restarts it (and probing with it).
        return;
      }
      probedPort = port;
      probed = process;
    }
    boolean ok = workload.probe().httpPath() == null ? tcpProbe(probedPort) : httpProbe(probedPort);
    boolean changed = false;
    synchronized (this) {
      if (stopped || probed != process) {
        return;
      }
      if (ok) {
        failures = 0;
        successes++;
        if (!ready && successes >= workload.probe().successThreshold()) {
          ready = true;
          changed = true;
          consecutiveCrashes = 0;
          steadyProbing();
        }
      } else {
        successes = 0;
        failures++;
        if (ready && failures >= FAILURE_THRESHOLD) {
          ready = false;
          changed = true;
          startupProbing(0);
        }
      }
      if (!changed || ready) {
        nextStartupProbe();
      }
    }
    if (changed) {
      if (ok) {
        starts.settled(this);
      }
      events.readinessChanged();
    }
  }

  private static boolean tcpProbe(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PROBE_TIMEOUT.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean httpProbe(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PROBE_TIMEOUT.toMillis());
      socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + workload.probe().httpPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nUser-Agent: kube-probe/kafka-eventing\r\nK-Kubelet-Probe: queue\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(12);
      String status = new String(head, StandardCharsets.US_ASCII);
      if (!status.startsWith("HTTP/1.")) {
        return false;
      }
      int code = Integer.parseInt(status.substring(9, 12));
      return code >= 200 && code < 400;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void exited(Process exitedProcess) {
    int code = exitedProcess.exitValue();
    synchronized (this) {
      if (exitedProcess != process || stopped) {
        return;
      }
    }
    crashed(code, LogTail.lastLines(logFile, 10));
  }

  private void crashed(int exitCode, String lastLines) {
    Duration backoff;
    synchronized (this) {
      if (stopped) {
        return;
      }
      ready = false;
      if (probe != null) {
        probe.cancel(false);
      }
      consecutiveCrashes++;
      long millis = Math.min(MAX_BACKOFF.toMillis(), 250L << Math.min(consecutiveCrashes, 10));
      backoff = Duration.ofMillis(millis);
    }
    LOG.info("Replica {} of {} exited with code {}; restarting in {} ms", index, workload.id(), exitCode,
        backoff.toMillis());
    append("--- exited with code " + exitCode + "; restarting in " + backoff.toMillis() + " ms");
    starts.settled(this);
    events.exited(exitCode, lastLines);
    scheduler.schedule(this::requestStart, backoff.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The endpoint when ready, else null. */
  synchronized ReplicaEndpoint readyEndpoint() {
    return ready ? new ReplicaEndpoint("127.0.0.1", port) : null;
  }

  /** The endpoint it listens on (ready or not), or null when not started. */
  synchronized ReplicaEndpoint endpoint() {
    return process == null ? null : new ReplicaEndpoint("127.0.0.1", port);
  }

  /** Marks the replica stopped (no restart, no longer ready); the process is signalled by {@link #terminate}. */
  synchronized void markStopping() {
    stopped = true;
    ready = false;
    if (probe != null) {
      probe.cancel(false);
    }
    starts.settled(this);
  }

  /** SIGTERM, then SIGKILL once {@code grace} has passed. Blocks up to {@code grace}. */
  void terminate(Duration grace) {
    Process running;
    synchronized (this) {
      markStopping();
      running = process;
    }
    if (running == null || !running.isAlive()) {
      return;
    }
    running.destroy();
    try {
      if (!running.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        append("--- did not stop within " + grace.toMillis() + " ms of SIGTERM; SIGKILL");
        running.destroyForcibly();
        running.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    append("--- stopped");
  }

  /** The process id, or -1 when none runs. */
  synchronized long pid() {
    return process == null || !process.isAlive() ? -1 : process.pid();
  }

  private void append(String line) {
    try {
      Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.debug("Cannot write to {}: {}", logFile, e.getMessage());
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for a replica", e);
    }
  }
}
