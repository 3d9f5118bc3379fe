package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Knative's activator throttler for one revision: a breaker of {@code containerConcurrency x
 * ready replicas} slots and a bounded queue of waiting requests, and the load balancing over ready
 * replicas (least loaded first when {@code containerConcurrency} bounds them, round robin when it is
 * 0, unlimited). A request that finds the queue full is refused at once; a waiting request holds a
 * future, never a thread.
 *
 * <p>Thread-safe (one lock; futures are completed outside it).
 */
public final class RevisionThrottler {

  /** The queue is full: the request is answered 503 at once. */
  static final class QueueFullException extends Exception {
    private static final long serialVersionUID = 1L;

    QueueFullException(String message) {
      super(message, null, false, false);
    }
  }

  /** A held slot on one replica; released exactly once. */
  final class Lease {
    private final Replica replica;
    private boolean released;

    Lease(Replica replica) {
      this.replica = replica;
    }

    ReplicaEndpoint endpoint() {
      return replica.endpoint;
    }

    void release() {
      List<Runnable> grants;
      synchronized (RevisionThrottler.this) {
        if (released) {
          return;
        }
        released = true;
        replica.inFlight--;
        grants = dispatchLocked();
      }
      grants.forEach(Runnable::run);
    }
  }

  private static final class Replica {
    final ReplicaEndpoint endpoint;
    int inFlight;

    Replica(ReplicaEndpoint endpoint) {
      this.endpoint = endpoint;
    }
  }

  private final String revision;
  private volatile Settings settings;
  private final List<Replica> ready = new ArrayList<>();
  private final List<Replica> draining = new ArrayList<>();
  private final Deque<CompletableFuture<Lease>> waiting = new ArrayDeque<>();
  private int next;
  private long arrivals;
  private final Runnable coldRequest;

  RevisionThrottler(String revision, Settings settings) {
    this(revision, settings, () -> { });
  }

  /** @param coldRequest told (outside the lock) when a request waits while no replica is ready */
  RevisionThrottler(String revision, Settings settings, Runnable coldRequest) {
    this.revision = revision;
    this.settings = settings;
    this.coldRequest = coldRequest;
  }

  Settings settings() {
    return settings;
  }

  void configure(Settings newSettings) {
    List<Runnable> grants;
    synchronized (this) {
      settings = newSettings;
      grants = dispatchLocked();
    }
    grants.forEach(Runnable::run);
  }

  /** A slot on a ready replica, now or when one frees; failed with {@link QueueFullException} when the queue is full. */
  CompletableFuture<Lease> acquire() {
    Lease now = tryAcquire();
    return now != null ? CompletableFuture.completedFuture(now) : enqueue();
  }

  /**
   * The fast path: a slot on a ready replica with room, counted as an arrival; null when there is
   * none, and the request must then {@link #enqueue}. No future, no allocation beyond the lease.
   */
  Lease tryAcquire() {
    synchronized (this) {
      arrivals++;
      Replica replica = pickLocked();
      if (replica == null) {
        return null;
      }
      replica.inFlight++;
      return new Lease(replica);
    }
  }

  /** Waits for a slot (after {@link #tryAcquire} found none); failed at once when the queue is full. */
  CompletableFuture<Lease> enqueue() {
    CompletableFuture<Lease> queued;
    synchronized (this) {
      Replica replica = pickLocked();
      if (replica != null) {
        replica.inFlight++;
        return CompletableFuture.completedFuture(new Lease(replica));
      }
      waiting.removeIf(CompletableFuture::isDone);
      if (waiting.size() >= settings.queueDepth()) {
        return CompletableFuture.failedFuture(new QueueFullException("revision " + revision
            + " is at capacity: " + activeSlotsLocked() + " requests in flight and " + waiting.size() + " queued"));
      }
      queued = new CompletableFuture<>();
      waiting.add(queued);
      if (!ready.isEmpty()) {
        return queued;
      }
    }
    coldRequest.run();
    return queued;
  }

  /** Requests in flight (to ready or draining replicas) and waiting: the activator's concurrency. */
  synchronized int concurrency() {
    waiting.removeIf(CompletableFuture::isDone);
    draining.removeIf(r -> r.inFlight == 0);
    int sum = waiting.size();
    for (Replica r : ready) {
      sum += r.inFlight;
    }
    for (Replica r : draining) {
      sum += r.inFlight;
    }
    return sum;
  }

  /** Requests that arrived since the last call. */
  synchronized long takeArrivals() {
    long taken = arrivals;
    arrivals = 0;
    return taken;
  }

  /** Replaces the ready replicas; requests in flight to a removed one finish there. */
  void endpoints(List<ReplicaEndpoint> endpoints) {
    List<Runnable> grants;
    synchronized (this) {
      List<Replica> kept = new ArrayList<>();
      for (ReplicaEndpoint endpoint : endpoints) {
        Replica existing = ready.stream().filter(r -> r.endpoint.equals(endpoint)).findFirst().orElse(null);
        kept.add(existing != null ? existing : new Replica(endpoint));
      }
      for (Replica old : ready) {
        if (!kept.contains(old) && old.inFlight > 0) {
          draining.add(old);
        }
      }
      ready.clear();
      ready.addAll(kept);
      grants = dispatchLocked();
    }
    grants.forEach(Runnable::run);
  }

  /** Requests in flight to {@code endpoint}, ready or draining. */
  synchronized int inFlight(ReplicaEndpoint endpoint) {
    draining.removeIf(r -> r.inFlight == 0);
    int sum = 0;
    for (Replica r : ready) {
      sum += r.endpoint.equals(endpoint) ? r.inFlight : 0;
    }
    for (Replica r : draining) {
      sum += r.endpoint.equals(endpoint) ? r.inFlight : 0;
    }
    return sum;
  }

  synchronized int readyReplicas() {
    return ready.size();
  }

  synchronized int queued() {
    waiting.removeIf(CompletableFuture::isDone);
    return waiting.size();
  }

  private int activeSlotsLocked() {
    return ready.stream().mapToInt(r -> r.inFlight).sum();
  }

  private Replica pickLocked() {
    if (ready.isEmpty()) {
      return null;
    }
    int concurrency = settings.containerConcurrency();
    if (concurrency == 0) {
      if (ready.size() == 1) {
        return ready.get(0);
      }
      return ready.get(Math.floorMod(next++, ready.size()));
    }
    Replica best = null;
    int start = Math.floorMod(next++, ready.size());
    for (int i = 0; i < ready.size(); i++) {
      Replica candidate = ready.get((start + i) % ready.size());
      if (candidate.inFlight < concurrency && (best == null || candidate.inFlight < best.inFlight)) {
        best = candidate;
      }
    }
    return best;
  }

  /** Grants waiting requests the slots now free; the grants run after the lock is released. */
  private List<Runnable> dispatchLocked() {
    if (waiting.isEmpty()) {
      return List.of();
    }
    List<Runnable> grants = new ArrayList<>();
    while (!waiting.isEmpty()) {
      CompletableFuture<Lease> head = waiting.peekFirst();
      if (head.isDone()) {
        waiting.pollFirst();
        continue;
      }
      Replica replica = pickLocked();
      if (replica == null) {
        break;
      }
      waiting.pollFirst();
      replica.inFlight++;
      Lease lease = new Lease(replica);
      grants.add(() -> {
        if (!head.complete(lease)) {
          lease.release();
        }
      });
    }
    return grants;
  }

  /**
   * A revision's limits.
   *
   * @param containerConcurrency requests per replica at once, 0 for unlimited
   * @param queueDepth requests that may wait for a slot
   * @param timeoutMillis whole request
   * @param responseStartTimeoutMillis until the response starts, 0 when unset
   * @param idleTimeoutMillis response stream idle, 0 when unset
   */
  public record Settings(int containerConcurrency, int queueDepth, long timeoutMillis, long responseStartTimeoutMillis,
      long idleTimeoutMillis) {}
}
