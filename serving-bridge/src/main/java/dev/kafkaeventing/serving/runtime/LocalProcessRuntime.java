package dev.kafkaeventing.serving.runtime;

import dev.kafkaeventing.serving.RevisionId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone runtime: each replica is a local process ({@link ReplicaProcess}), its log under
 * {@code <dataDir>/logs/<namespace>/<revision>/replica-<i>.log}. Stopping a revision first tells
 * the listener it has no ready replica (the activator sends it nothing new), waits for its
 * requests in flight to finish (up to the workload's drain timeout), then SIGTERM, and SIGKILL
 * after a grace period.
 *
 * <p>At most {@code startConcurrency} replicas, over all revisions, are starting (spawned, not yet
 * ready) at once; further starts wait their turn in order ({@link ReplicaStarts}). A replica
 * waiting is not running: it has no process, no pid and no log yet, and is not ready. A revision
 * scaled down gives up its waiting replicas first, then its not-ready ones, then the newest.
 *
 * <p>Thread-safe. Probes and restarts run on a small scheduler, stops on their own threads.
 */
public final class LocalProcessRuntime implements RevisionRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(LocalProcessRuntime.class);
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);
  /** The longest a replica holds a start slot without becoming ready. */
  private static final Duration START_SLOT_TIMEOUT = Duration.ofSeconds(10);

  /** Waits until a replica has no request in flight, or the timeout passes. */
  @FunctionalInterface
  public interface Drainer {
    void awaitIdle(RevisionId revision, ReplicaEndpoint endpoint, Duration timeout) throws InterruptedException;
  }

  private final Path dataDir;
  private final Listener listener;
  private final Drainer drainer;
  private final Map<RevisionId, RunningRevision> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
    Thread thread = new Thread(r, "revision-probes");
    thread.setDaemon(true);
    return thread;
  });
  private final ExecutorService stoppers = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "revision-stop");
    thread.setDaemon(true);
    return thread;
  });

  private final ReplicaStarts starts;

  /** With {@link #defaultStartConcurrency()} replicas starting at once. */
  public LocalProcessRuntime(Path dataDir, Listener listener, Drainer drainer) {
    this(dataDir, listener, drainer, defaultStartConcurrency());
  }

  /**
   * @param startConcurrency replicas starting (spawned, not yet ready) at once over all revisions;
   *     0 for no limit
   */
  public LocalProcessRuntime(Path dataDir, Listener listener, Drainer drainer, int startConcurrency) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.listener = listener;
    this.drainer = drainer;
    if (startConcurrency < 0) {
      throw new IllegalArgumentException("startConcurrency must not be negative, got " + startConcurrency);
    }
    this.starts = new ReplicaStarts(startConcurrency, START_SLOT_TIMEOUT, scheduler);
  }

  /** One replica starting per available processor: a JVM's start-up keeps about one core busy. */
  public static int defaultStartConcurrency() {
    return Runtime.getRuntime().availableProcessors();
  }

  @Override
  public synchronized void run(RevisionWorkload workload) {
    RunningRevision current = running.get(workload.id());
    if (current != null && current.workload.equals(workload)) {
      return;
    }
    if (current != null) {
      stopAsync(current);
    }
    RunningRevision started = new RunningRevision(workload);
    running.put(workload.id(), started);
    started.start();
  }

  @Override
  public synchronized void stop(RevisionId revision) {
    RunningRevision current = running.remove(revision);
    if (current != null) {
      stopAsync(current);
    }
  }

  @Override
  public void scale(RevisionId revision, int replicas) {
    RunningRevision current = running.get(revision);
    if (current != null) {
      current.scale(replicas);
    }
  }

  private void stopAsync(RunningRevision revision) {
    revision.replicas.forEach(ReplicaProcess::markStopping);
    listener.changed(revision.workload.id(), List.of());
    stoppers.execute(() -> revision.stop(drainer));
  }

  @Override
  public Optional<RevisionState> state(RevisionId revision) {
    return Optional.ofNullable(running.get(revision)).map(RunningRevision::state);
  }

  @Override
  public List<Path> logs(RevisionId revision) {
    Path dir = logDir(revision);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The process ids of the revision's live replicas (for tests and {@code describe}). */
  public List<Long> pids(RevisionId revision) {
    RunningRevision r = running.get(revision);
    return r == null ? List.of() : r.replicas.stream().map(ReplicaProcess::pid).filter(p -> p > 0).toList();
  }

  private Path logDir(RevisionId id) {
    return dataDir.resolve("logs").resolve(id.namespace()).resolve(id.name());
  }

  @Override
  public void close() {
    List<RunningRevision> all;
    synchronized (this) {
      all = new ArrayList<>(running.values());
      running.clear();
    }
    starts.close();
    all.forEach(r -> r.replicas.forEach(ReplicaProcess::markStopping));
    all.forEach(r -> r.replicas.forEach(p -> p.terminate(Duration.ofSeconds(2))));
    scheduler.shutdownNow();
    stoppers.shutdown();
    try {
      stoppers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The replicas of one revision and what they went through. */
  private final class RunningRevision implements ReplicaProcess.Events {
    private final RevisionWorkload workload;
    private final List<ReplicaProcess> replicas = new CopyOnWriteArrayList<>();
    private final Path workingDir;
    private int desired;
    private int nextIndex;
    private int restarts;
    private Integer lastExitCode;
    private String lastLogLines = "";
    private boolean everReady;

    RunningRevision(RevisionWorkload workload) {
      this.workload = workload;
      Path dir = logDir(workload.id());
      this.workingDir = workload.workingDir() == null ? dir : Path.of(workload.workingDir());
      this.desired = workload.replicas();
      for (int i = 0; i < workload.replicas(); i++) {
        replicas.add(newReplica());
      }
    }

    private ReplicaProcess newReplica() {
      int index = nextIndex++;
      return new ReplicaProcess(workload, index, logDir(workload.id()).resolve("replica-" + index + ".log"),
          workingDir, scheduler, starts, this);
    }

    /** Starts replicas up to {@code target}, or drains and stops those above it ({@link #toStop}). */
    void scale(int target) {
      List<ReplicaProcess> started = new ArrayList<>();
      List<ReplicaProcess> removed = new ArrayList<>();
      synchronized (this) {
        if (running.get(workload.id()) != this || target == desired) {
          return;
        }
        LOG.info("Scaling revision {} from {} to {} replicas", workload.id(), desired, target);
        desired = target;
        while (replicas.size() < target) {
          ReplicaProcess replica = newReplica();
          replicas.add(replica);
          started.add(replica);
        }
        while (replicas.size() > target) {
          ReplicaProcess victim = toStop();
          replicas.remove(victim);
          removed.add(victim);
        }
      }
      if (!started.isEmpty()) {
        try {
          Files.createDirectories(logDir(workload.id()));
        } catch (IOException e) {
          LOG.warn("Cannot create the log directory of {}: {}", workload.id(), e.getMessage());
        }
        started.forEach(ReplicaProcess::requestStart);
      }
      if (!removed.isEmpty()) {
        removed.forEach(ReplicaProcess::markStopping);
        notifyListener();
        stoppers.execute(() -> stopReplicas(removed, drainer));
      }
    }

    void start() {
      try {
        Files.createDirectories(logDir(workload.id()));
      } catch (IOException e) {
        LOG.warn("Cannot create the log directory of {}: {}", workload.id(), e.getMessage());
      }
      replicas.forEach(ReplicaProcess::requestStart);
    }

    /**
     * The replica to give up first, in the order Kubernetes scales a ReplicaSet down: one still
     * waiting for a start slot, then one not ready, then a ready one; the newest of them. Holds the lock.
     */
    private ReplicaProcess toStop() {
      ReplicaProcess pick = null;
      int pickRank = -1;
      for (int i = replicas.size() - 1; i >= 0; i--) {
        ReplicaProcess replica = replicas.get(i);
        int rank = starts.isQueued(replica) ? 2 : replica.readyEndpoint() == null ? 1 : 0;
        if (rank > pickRank) {
          pick = replica;
          pickRank = rank;
        }
      }
      return pick;
    }

    @Override
    public void readinessChanged() {
      synchronized (this) {
        everReady = true;
      }
      notifyListener();
    }

    @Override
    public void exited(int exitCode, String lastLines) {
      synchronized (this) {
        restarts++;
        lastExitCode = exitCode;
        lastLogLines = lastLines;
      }
      notifyListener();
    }

    private void notifyListener() {
      if (running.get(workload.id()) == this) {
        listener.changed(workload.id(), readyEndpoints());
      }
    }

    List<ReplicaEndpoint> readyEndpoints() {
      return replicas.stream().map(ReplicaProcess::readyEndpoint).filter(Objects::nonNull).toList();
    }

    synchronized RevisionState state() {
      int waiting = (int) replicas.stream().filter(starts::isQueued).count();
      return new RevisionState(readyEndpoints(), desired, restarts, lastExitCode, lastLogLines,
          everReady, waiting);
    }

    void stop(Drainer drainer) {
      stopReplicas(replicas, drainer);
      LOG.info("Stopped revision {}", workload.id());
    }

    private void stopReplicas(List<ReplicaProcess> stopping, Drainer drainer) {
      for (ReplicaProcess replica : stopping) {
        ReplicaEndpoint endpoint = replica.endpoint();
        try {
          if (endpoint != null) {
            drainer.awaitIdle(workload.id(), endpoint, workload.drainTimeout());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        replica.terminate(KILL_GRACE);
      }
    }
  }
}
