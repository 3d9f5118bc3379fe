package dev.kafkaeventing.dispatcher;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Where a replay of a stream's events to one route stands. Immutable.
 *
 * @param routeUid the route receiving the events again
 * @param from the first record time replayed; null for the earliest record
 * @param to the record time the replay stops at (exclusive); null for "the end of the topic when
 *     the replay started"
 * @param state running, done or failed
 * @param total records in the range
 * @param scanned records read so far
 * @param matched records that matched the route's filter and were queued for it
 * @param startedAt when it started
 * @param finishedAt when it ended; null while running
 * @param error why it failed; null otherwise
 * @param positions per partition, the next offset to read (to resume after a restart)
 * @param ends per partition, the offset to stop at (exclusive)
 * @param owner the process running it (see {@code Dispatcher}); only it resumes the replay
 */
public record ReplayProgress(
    String routeUid,
    Instant from,
    Instant to,
    State state,
    long total,
    long scanned,
    long matched,
    Instant startedAt,
    Instant finishedAt,
    String error,
    Map<Integer, Long> positions,
    Map<Integer, Long> ends,
    String owner) {

  /** A replay's state. */
  public enum State { RUNNING, DONE, FAILED }

  public ReplayProgress {
    Objects.requireNonNull(routeUid, "routeUid");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    positions = Map.copyOf(positions);
    ends = Map.copyOf(ends);
  }
}
