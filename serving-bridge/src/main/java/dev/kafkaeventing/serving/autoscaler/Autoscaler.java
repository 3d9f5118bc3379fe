package dev.kafkaeventing.serving.autoscaler;

import dev.kafkaeventing.serving.RevisionId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoscaler of the revisions run here: samples each revision's activator concurrency ten times
 * a second and records the per-second average (and the requests of that second) in its
 * {@link MetricWindow}s; every {@code tick-interval} asks its {@link KpaDecider} and applies the
 * decision to the runtime. A request waiting for a revision without a ready replica is a
 * {@link #poke}: that revision is decided at once (scale from zero).
 *
 * <p>With several platform instances ({@link ClusterMetrics}), each second's sample is shared and
 * the windows hold the sum over the instances; only the instance owning a revision decides, and
 * every instance runs its even share of that decision. A request waiting on an instance that does
 * not own the revision starts one replica there at once; owner decisions taken before that start
 * could be seen are not applied until a newer one arrives.
 *
 * <p>Thread-safe; all sampling and deciding runs on one scheduler thread.
 */
public final class Autoscaler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);
  private static final long SAMPLE_MILLIS = 100;

  /** What the activator measures of a revision. */
  public interface Metrics {
    int concurrency(RevisionId revision);

    long takeArrivals(RevisionId revision);

    int readyReplicas(RevisionId revision);
  }

  /** Events waiting for delivery to a revision (backlog-aware scaling); 0 when none. */
  @FunctionalInterface
  public interface Backlog {
    long pending(RevisionId revision);

    Backlog NONE = revision -> 0;
  }

  /** Applies a replica count. */
  @FunctionalInterface
  public interface Scaler {
    void scale(RevisionId revision, int replicas);
  }

  /**
   * The last change of a revision's replica count.
   *
   * @param from replicas wanted before
   * @param to replicas wanted now
   */
  public record ScaleEvent(Instant at, int from, int to, String reason) {}

  /** What {@code describe revision} shows: the last decision and the last change (null before one). */
  public record Status(ScaleDecision decision, ScaleEvent lastEvent, int desired) {}

  private final Clock clock;
  private final Metrics metrics;
  private final Scaler scaler;
  private volatile Backlog backlog = Backlog.NONE;
  private final Consumer<RevisionId> changed;
  private final ClusterMetrics cluster;
  private final Map<RevisionId, Scaled> revisions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "autoscaler");
    thread.setDaemon(true);
    return thread;
  });

  /** @param changed told when a revision's desired replicas or mode changed (to update its status) */
  public Autoscaler(Clock clock, Metrics metrics, Scaler scaler, Consumer<RevisionId> changed) {
    this(clock, metrics, scaler, changed, ClusterMetrics.LOCAL);
  }

  /** @param cluster shares samples and decisions with the other platform instances */
  public Autoscaler(Clock clock, Metrics metrics, Scaler scaler, Consumer<RevisionId> changed,
      ClusterMetrics cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.scaler = Objects.requireNonNull(scaler, "scaler");
    this.changed = Objects.requireNonNull(changed, "changed");
    scheduler.scheduleAtFixedRate(this::sampleAll, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  public void backlog(Backlog source) {
    this.backlog = Objects.requireNonNull(source, "source");
  }

  /**
   * Scales the revision with these settings from now on; a change of settings starts its decider
   * afresh. {@code replicas} is what the runtime keeps now (it restarts a changed workload at its
   * initial count), so the next decision that differs is applied.
   */
  public void configure(RevisionId revision, AutoscalerSettings settings, int replicas) {
    revisions.compute(revision, (id, current) -> {
      if (current != null && current.decider.settings().equals(settings)) {
        current.desired = replicas;
        return current;
      }
      return new Scaled(settings, clock, replicas);
    });
  }

  public void remove(RevisionId revision) {
    revisions.remove(revision);
  }

  /** A request waits for a revision without a ready replica: decide now rather than at the next tick. */
  public void poke(RevisionId revision) {
    if (revisions.containsKey(revision)) {
      scheduler.execute(() -> {
        Scaled scaled = revisions.get(revision);
        if (scaled != null && scaled.desired == 0 && !cluster.owns(revision)) {
          scaled.pokedAt = clock.instant();
          apply(revision, scaled, 1, "request waiting on this instance");
        } else if (scaled != null && scaled.desired == 0) {
          double now = metrics.concurrency(revision);
          Instant at = clock.instant();
          scaled.concurrency.record(at, Math.max(1, now));
          scaled.rps.record(at, Math.max(1, now));
          decide(revision, scaled);
        }
      });
    }
  }

  public Optional<Status> status(RevisionId revision) {
    Scaled scaled = revisions.get(revision);
    return scaled == null ? Optional.empty()
        : Optional.of(new Status(scaled.decider.last(), scaled.lastEvent, scaled.desired));
  }

  /** Every scaled revision's status (for {@code /metrics}). */
  public Map<RevisionId, Status> statuses() {
    Map<RevisionId, Status> all = new java.util.TreeMap<>(java.util.Comparator.comparing(RevisionId::toString));
    revisions.forEach((id, scaled) -> all.put(id, new Status(scaled.decider.last(), scaled.lastEvent, scaled.desired)));
    return all;
  }

  private void sampleAll() {
    try {
      Instant now = clock.instant();
      revisions.forEach((revision, scaled) -> {
        scaled.sum += metrics.concurrency(revision);
        if (++scaled.samples >= 1000 / SAMPLE_MILLIS) {
          ClusterMetrics.Sample own = new ClusterMetrics.Sample(scaled.sum / scaled.samples,
              metrics.takeArrivals(revision), backlog.pending(revision), metrics.readyReplicas(revision), 1);
          cluster.publish(revision, own);
          ClusterMetrics.Sample total = cluster.total(revision, own);
          scaled.others = new ClusterMetrics.Sample(0, 0, total.pending() - own.pending(),
              total.ready() - own.ready(), total.instances() - 1);
          scaled.concurrency.record(now, total.concurrency());
          scaled.rps.record(now, total.rps());
          scaled.sum = 0;
          scaled.samples = 0;
        }
        if (!now.isBefore(scaled.nextTick)) {
          scaled.nextTick = now.plus(scaled.decider.settings().tickInterval());
          decide(revision, scaled);
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("Autoscaler tick failed", e);
    }
  }

  private void decide(RevisionId revision, Scaled scaled) {
    if (!cluster.owns(revision)) {
      cluster.share(revision).filter(share -> scaled.pokedAt == null || share.decidedAt().isAfter(scaled.pokedAt))
          .ifPresent(share -> apply(revision, scaled, share.replicas(), "share of the owner's decision"));
      return;
    }
    AutoscalerSettings settings = scaled.decider.settings();
    MetricWindow window = settings.metric() == AutoscalerSettings.Metric.RPS ? scaled.rps : scaled.concurrency;
    Instant now = clock.instant();
    // This instance's ready replicas and backlog as of now, the others' as of their last second.
    ClusterMetrics.Sample others = scaled.others;
    int ready = metrics.readyReplicas(revision) + others.ready();
    long pending = backlog.pending(revision) + others.pending();
    int instances = 1 + others.instances();
    ScaleDecision previous = scaled.decider.last();
    ScaleDecision decision = scaled.decider.decide(new KpaDecider.Observation(ready,
        window.average(now, settings.stableWindow()), window.average(now, settings.panicWindow()), pending));
    cluster.publishDecision(revision, decision.desired(), instances);
    boolean modeChanged = previous == null || previous.mode() != decision.mode();
    if (!apply(revision, scaled, ClusterMetrics.share(decision.desired(), instances), decision.reason())
        && modeChanged) {
      changed.accept(revision);
    }
  }

  /** Runs {@code replicas} here when that is a change. @return whether it was */
  private boolean apply(RevisionId revision, Scaled scaled, int replicas, String reason) {
    if (replicas == scaled.desired) {
      return false;
    }
    scaled.lastEvent = new ScaleEvent(clock.instant(), scaled.desired, replicas, reason);
    LOG.info("Revision {}: {} -> {} replicas ({})", revision, scaled.desired, replicas, reason);
    scaled.desired = replicas;
    scaler.scale(revision, replicas);
    changed.accept(revision);
    return true;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    cluster.close();
  }

  /** One revision's windows and decider; touched only on the scheduler thread (status reads are racy but safe). */
  private static final class Scaled {
    final KpaDecider decider;
    final MetricWindow concurrency;
    final MetricWindow rps;
    volatile int desired;
    volatile ScaleEvent lastEvent;
    Instant nextTick;
    Instant pokedAt;
    /** The other instances' last second (none when alone). */
    ClusterMetrics.Sample others = new ClusterMetrics.Sample(0, 0, 0, 0, 0);
    double sum;
    int samples;

    Scaled(AutoscalerSettings settings, Clock clock, int replicas) {
      this.decider = new KpaDecider(settings, clock);
      this.concurrency = new MetricWindow(settings.stableWindow());
      this.rps = new MetricWindow(settings.stableWindow());
      this.desired = replicas;
      this.nextTick = clock.instant().plus(settings.tickInterval());
    }
  }
}
