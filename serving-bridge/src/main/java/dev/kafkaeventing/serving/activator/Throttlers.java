package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The activator's throttler per revision: told the limits by the Revision reconciler and the ready
 * replicas by the runtime. A request for a revision not yet known waits in a throttler created
 * with default limits until the revision's replicas are ready. Thread-safe.
 */
public final class Throttlers {

  private final Map<RevisionId, RevisionThrottler> byRevision = new ConcurrentHashMap<>();
  private final int queueDepth;
  private volatile Consumer<RevisionId> coldRequests = revision -> { };

  /** @param queueDepth requests that may wait per revision (Knative's breakerQueueDepth, 10,000) */
  public Throttlers(int queueDepth) {
    if (queueDepth < 1) {
      throw new IllegalArgumentException("queueDepth must be at least 1, got " + queueDepth);
    }
    this.queueDepth = queueDepth;
  }

  /** Told when a request waits for a revision without a ready replica (to scale it from zero); must not block. */
  public void onColdRequest(Consumer<RevisionId> listener) {
    this.coldRequests = listener;
  }

  /** Requests in flight to the revision's replicas plus those waiting for one; 0 when unknown. */
  public int concurrency(RevisionId revision) {
    RevisionThrottler throttler = byRevision.get(revision);
    return throttler == null ? 0 : throttler.concurrency();
  }

  /** Requests for the revision since the last call. */
  public long takeArrivals(RevisionId revision) {
    RevisionThrottler throttler = byRevision.get(revision);
    return throttler == null ? 0 : throttler.takeArrivals();
  }

  /** The revision's ready replicas as the activator sees them. */
  public int readyReplicas(RevisionId revision) {
    RevisionThrottler throttler = byRevision.get(revision);
    return throttler == null ? 0 : throttler.readyReplicas();
  }

  /** The revision's containerConcurrency (0 = unlimited, also when unknown). */
  public int containerConcurrency(RevisionId revision) {
    RevisionThrottler throttler = byRevision.get(revision);
    return throttler == null ? 0 : throttler.settings().containerConcurrency();
  }

  public int queueDepth() {
    return queueDepth;
  }

  /** Sets a revision's limits; the queue depth is the activator's unless {@code queueDepth} is set. */
  public void configure(RevisionId revision, int containerConcurrency, Duration timeout, Duration responseStartTimeout,
      Duration idleTimeout) {
    RevisionThrottler.Settings settings = new RevisionThrottler.Settings(containerConcurrency, queueDepth,
        timeout.toMillis(), responseStartTimeout == null ? 0 : responseStartTimeout.toMillis(),
        idleTimeout == null ? 0 : idleTimeout.toMillis());
    throttler(revision).configure(settings);
  }

  public void endpoints(RevisionId revision, List<ReplicaEndpoint> ready) {
    throttler(revision).endpoints(ready);
  }

  public void remove(RevisionId revision) {
    RevisionThrottler removed = byRevision.remove(revision);
    if (removed != null) {
      removed.endpoints(List.of());
    }
  }

  RevisionThrottler throttler(RevisionId revision) {
    return byRevision.computeIfAbsent(revision, r -> new RevisionThrottler(r.toString(),
        new RevisionThrottler.Settings(0, queueDepth, Duration.ofSeconds(300).toMillis(), 0, 0),
        () -> coldRequests.accept(r)));
  }

  /** Waits until no request is in flight to {@code endpoint}, or {@code timeout} passes. */
  public void awaitIdle(RevisionId revision, ReplicaEndpoint endpoint, Duration timeout) throws InterruptedException {
    RevisionThrottler throttler = byRevision.get(revision);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (throttler != null && throttler.inFlight(endpoint) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
