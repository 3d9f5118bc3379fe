package dev.kafkaeventing.serving.runtime;

import dev.kafkaeventing.serving.RevisionId;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs Revisions' replicas. {@link LocalProcessRuntime} runs local processes (standalone, and by
 * default in Kubernetes mode); in Kubernetes mode the platform may run Deployments instead. Implementations are thread-safe; {@link #run} and
 * {@link #stop} return at once and do their work in the background, telling the {@link Listener}.
 */
public interface RevisionRuntime extends AutoCloseable {

  /** Told whenever a revision's ready replicas or failures change; must return quickly. */
  @FunctionalInterface
  interface Listener {
    void changed(RevisionId revision, List<ReplicaEndpoint> ready);
  }

  /** Runs the workload (again, if it changed), keeping {@code replicas} replicas up. */
  void run(RevisionWorkload workload);

  /**
   * Keeps {@code replicas} replicas of a revision already run up: starts new ones, or drains and
   * stops the newest; 0 stops them all but keeps the revision (a later scale starts it again).
   * Does nothing for a revision not run.
   */
  void scale(RevisionId revision, int replicas);

  /** Stops the revision's replicas, if any: SIGTERM after draining, SIGKILL after a grace period. */
  void stop(RevisionId revision);

  /**
   * Forgets a deleted revision: stops its replicas and removes whatever was created for it.
   * By default the same as {@link #stop}.
   */
  default void remove(RevisionId revision) {
    stop(revision);
  }

  /**
   * Whether this runtime runs the container's {@code image} (a {@code command} is then optional);
   * false for runtimes that run the {@code command} as a local process.
   */
  default boolean runsImages() {
    return false;
  }

  /** The revision's observed state, or empty when it is not run here. */
  Optional<RevisionState> state(RevisionId revision);

  /** The revision's log files (one per replica started), oldest first; empty when none. */
  List<Path> logs(RevisionId revision);

  /** Stops every replica. */
  @Override
  void close();
}
