package dev.kafkaeventing.serving.runtime;

import java.util.List;

/**
 * What a runtime observes of a Revision's replicas, for its status. Immutable.
 *
 * @param ready the endpoints of the replicas that passed their readiness probe
 * @param desired replicas wanted
 * @param restarts restarts of exited replicas since the revision started
 * @param lastExitCode the last exit code of a replica, or null when none exited
 * @param lastLogLines the last lines a replica printed before it exited, or empty
 * @param everReady whether some replica was ever ready
 * @param waitingToStart replicas wanted but not started yet: they wait for the runtime's start slots
 */
public record RevisionState(List<ReplicaEndpoint> ready, int desired, int restarts, Integer lastExitCode,
    String lastLogLines, boolean everReady, int waitingToStart) {

  public RevisionState {
    ready = List.copyOf(ready);
  }

  /** A state with no replica waiting to start (runtimes that start every replica at once). */
  public RevisionState(List<ReplicaEndpoint> ready, int desired, int restarts, Integer lastExitCode,
      String lastLogLines, boolean everReady) {
    this(ready, desired, restarts, lastExitCode, lastLogLines, everReady, 0);
  }
}
