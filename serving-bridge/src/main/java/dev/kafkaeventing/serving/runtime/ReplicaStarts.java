package dev.kafkaeventing.serving.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How many replicas of a runtime may be starting at once (spawned, not yet ready), over all its
 * revisions; the others wait in one FIFO queue and are spawned as earlier ones become ready, exit
 * or are stopped. On a few cores, replicas started all at once share them and all become ready
 * late; started a few at a time, the first serves after one start. A replica not ready within
 * the slot timeout gives its slot up (and goes on starting), so one that never becomes ready (a
 * wrong probe, a hung app) does not hold back every later start.
 *
 * <p>Thread-safe. Never calls a replica while holding its own lock: a replica let through by
 * {@link #request} is started by the caller, one let through by {@link #settled} on the executor.
 */
final class ReplicaStarts {

  /** What waits for a slot: a replica to spawn (or respawn). */
  interface Startable {
    void start();
  }

  private final int limit;
  private final Duration slotTimeout;
  private final ScheduledExecutorService executor;
  /** Replicas holding a slot, each with the number of its admission (a timeout frees only its own). */
  private final Map<Startable, Long> starting = new IdentityHashMap<>();
  private final Deque<Startable> queued = new ArrayDeque<>();
  private long admissions;
  private boolean closed;

  /**
   * @param limit replicas starting at once; 0 (or less) for no limit
   * @param slotTimeout the longest a replica holds its slot without becoming ready
   * @param executor where replicas let through when a slot frees are started, and slots time out
   */
  ReplicaStarts(int limit, Duration slotTimeout, ScheduledExecutorService executor) {
    this.limit = limit <= 0 ? Integer.MAX_VALUE : limit;
    this.slotTimeout = slotTimeout;
    this.executor = executor;
  }

  /**
   * Asks for a slot to start {@code replica}. @return true when it has one and the caller starts it
   * now; false when it waits (it is started on the executor when its turn comes) or the runtime is closed
   */
  synchronized boolean request(Startable replica) {
    if (closed || starting.containsKey(replica) || queued.contains(replica)) {
      return false;
    }
    if (starting.size() < limit) {
      admit(replica);
      return true;
    }
    queued.addLast(replica);
    return false;
  }

  /**
   * The replica's start is over (it became ready, exited, failed to spawn or was stopped), or it no
   * longer wants one: frees its slot or takes it out of the queue. Idempotent.
   */
  void settled(Startable replica) {
    List<Startable> next = new ArrayList<>();
    synchronized (this) {
      if (starting.remove(replica) == null) {
        queued.remove(replica);
        return;
      }
      while (!closed && starting.size() < limit && !queued.isEmpty()) {
        Startable head = queued.pollFirst();
        admit(head);
        next.add(head);
      }
    }
    for (Startable waited : next) {
      try {
        executor.execute(waited::start);
      } catch (RejectedExecutionException e) {
        settled(waited);
      }
    }
  }

  /** Gives {@code replica} a slot, freed after the slot timeout unless it settled before. Holds the lock. */
  private void admit(Startable replica) {
    long admission = ++admissions;
    starting.put(replica, admission);
    if (limit == Integer.MAX_VALUE) {
      return;
    }
    try {
      executor.schedule(() -> expire(replica, admission), slotTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing: nothing is let through any more
    }
  }

  private void expire(Startable replica, long admission) {
    synchronized (this) {
      Long current = starting.get(replica);
      if (current == null || current != admission) {
        return;
      }
    }
    settled(replica);
  }

  /** Whether {@code replica} waits for a slot. */
  synchronized boolean isQueued(Startable replica) {
    return queued.contains(replica);
  }

  /** Replicas waiting for a slot. */
  synchronized int queued() {
    return queued.size();
  }

  /** Replicas holding a slot (spawned or being spawned, not yet ready). */
  synchronized int starting() {
    return starting.size();
  }

  /** Forgets every waiting replica and lets no further one through. */
  synchronized void close() {
    closed = true;
    queued.clear();
  }
}
