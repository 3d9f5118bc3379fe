package dev.kafkaeventing.serving.autoscaler;

import dev.kafkaeventing.serving.autoscaler.ScaleDecision.Mode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Knative's KPA decision for one revision, taken every tick from the metric averages, the ready
 * replicas and the pending backlog:
 * <ol>
 *   <li>stable desired = ceil(stable average / (target x utilization)), panic desired likewise on
 *       the panic window, both limited to [ready / max-scale-down-rate, ready x max-scale-up-rate];
 *   <li>panic starts (or is extended) when panic desired / ready reaches the panic threshold; in
 *       panic the desired count is the highest panic desired seen (never down); panic ends a stable
 *       window after it was last extended;
 *   <li>with {@code scale-down-delay}, the highest desired count within the delay is used;
 *   <li>backlog: at least ceil(pending / backlog-per-replica), capped by max-scale (off when
 *       backlog-per-replica is 0: pending events are then shown but do not count);
 *   <li>initial-scale until reached once, then min-scale and max-scale;
 *   <li>zero only when allowed, a stable window after the decider started, after a tick reaching
 *       zero was followed by the grace period (and the pod retention period since the last demand)
 *       and nothing is pending.
 * </ol>
 * Not thread-safe: one scaler thread calls {@link #decide}. Time comes from the injected clock.
 */
public final class KpaDecider {

  /**
   * What a tick sees.
   *
   * @param ready the revision's ready replicas
   * @param stableAverage the metric over the stable window, NaN without data
   * @param panicAverage the metric over the panic window, NaN without data
   * @param pending events accepted for routes to the revision and not yet delivered
   */
  public record Observation(int ready, double stableAverage, double panicAverage, long pending) {
    public Observation {
      if (ready < 0 || pending < 0) {
        throw new IllegalArgumentException("ready and pending must not be negative");
      }
    }
  }

  private record Desired(Instant at, int count) {}

  private final AutoscalerSettings settings;
  private final Clock clock;
  private final Instant created;
  private final Deque<Desired> delayWindow = new ArrayDeque<>();
  private Instant panicSince;
  private Instant panicExtended;
  private int maxPanicPods;
  private boolean initialReached;
  private Instant zeroSince;
  private Instant lastDemand;
  private volatile ScaleDecision last;

  public KpaDecider(AutoscalerSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.created = clock.instant();
    this.lastDemand = created;
  }

  public AutoscalerSettings settings() {
    return settings;
  }

  /** The last decision, or null before the first. */
  public ScaleDecision last() {
    return last;
  }

  public ScaleDecision decide(Observation observation) {
    Instant now = clock.instant();
    int ready = observation.ready();
    long pending = settings.backlogPerReplica() > 0 ? observation.pending() : 0;
    if (ready >= settings.initialScale()) {
      initialReached = true;
    }
    if (Double.isNaN(observation.stableAverage()) || Double.isNaN(observation.panicAverage())) {
      int keep = Math.max(ready, initialReached ? 0 : settings.initialScale());
      keep = backlogAndBounds(keep, pending);
      return remember(new ScaleDecision(now, keep, ready, panicSince == null ? Mode.STABLE : Mode.PANIC,
          observation.stableAverage(), observation.panicAverage(), observation.pending(), "no metrics yet"));
    }
    double readyForRates = Math.max(1, ready);
    int maxUp = (int) Math.ceil(settings.maxScaleUpRate() * readyForRates);
    int maxDown = (int) Math.floor(readyForRates / settings.maxScaleDownRate());
    double perReplica = settings.targetPerReplica();
    int stable = clamp((int) Math.ceil(observation.stableAverage() / perReplica), maxDown, maxUp);
    int panic = clamp((int) Math.ceil(observation.panicAverage() / perReplica), maxDown, maxUp);
    boolean overThreshold = panic / readyForRates >= settings.panicThresholdPercentage() / 100;
    String reason;
    if (overThreshold) {
      if (panicSince == null) {
        panicSince = now;
        maxPanicPods = ready;
      }
      panicExtended = now;
    } else if (panicSince != null && !now.isBefore(panicExtended.plus(settings.stableWindow()))) {
      panicSince = null;
      panicExtended = null;
      maxPanicPods = 0;
    }
    int desired;
    if (panicSince != null) {
      maxPanicPods = Math.max(maxPanicPods, Math.max(panic, stable));
      desired = maxPanicPods;
      reason = String.format("panic: %.2f over the panic window for %.1f per replica", observation.panicAverage(),
          perReplica);
    } else {
      desired = stable;
      reason = String.format("stable: %.2f over the stable window for %.1f per replica",
          observation.stableAverage(), perReplica);
    }
    desired = delayScaleDown(now, desired);
    int beforeBounds = desired;
    desired = backlogAndBounds(desired, pending);
    if (desired > beforeBounds && pending > 0 && desired <= backlogReplicas(pending)) {
      reason = "backlog: " + observation.pending() + " pending events, " + settings.backlogPerReplica()
          + " per replica";
    }
    if (desired > 0 || pending > 0) {
      lastDemand = now;
    }
    if (desired == 0) {
      desired = holdBeforeZero(now, ready);
      reason = desired == 0 ? "scaled to zero: no traffic for the stable window and the grace period"
          : settings.mayScaleToZero() ? "idle: waiting for the scale-to-zero grace period"
          : "idle: scale to zero is disabled";
    } else {
      zeroSince = null;
    }
    return remember(new ScaleDecision(now, desired, ready, panicSince == null ? Mode.STABLE : Mode.PANIC,
        observation.stableAverage(), observation.panicAverage(), observation.pending(), reason));
  }

  private ScaleDecision remember(ScaleDecision decision) {
    last = decision;
    return decision;
  }

  private int delayScaleDown(Instant now, int desired) {
    if (settings.scaleDownDelay().isZero()) {
      return desired;
    }
    delayWindow.addLast(new Desired(now, desired));
    Instant oldest = now.minus(settings.scaleDownDelay());
    while (delayWindow.peekFirst().at().isBefore(oldest)) {
      delayWindow.pollFirst();
    }
    return delayWindow.stream().mapToInt(Desired::count).max().orElse(desired);
  }

  private int backlogReplicas(long pending) {
    long replicas = (pending + settings.backlogPerReplica() - 1) / settings.backlogPerReplica();
    return (int) Math.min(Integer.MAX_VALUE, replicas);
  }

  private int backlogAndBounds(int desired, long pending) {
    if (pending > 0) {
      desired = Math.max(desired, Math.max(1, backlogReplicas(pending)));
    }
    if (!initialReached) {
      desired = Math.max(desired, settings.initialScale());
    }
    desired = Math.max(desired, settings.minScale());
    return settings.maxScale() > 0 ? Math.min(desired, settings.maxScale()) : desired;
  }

  /** Zero once allowed and the grace (and retention) period passed; otherwise one replica, or none if none run. */
  private int holdBeforeZero(Instant now, int ready) {
    if (!settings.mayScaleToZero()) {
      return 1;
    }
    if (zeroSince == null) {
      zeroSince = now;
    }
    boolean graceOver = !now.isBefore(zeroSince.plus(settings.scaleToZeroGracePeriod()))
        && !now.isBefore(created.plus(settings.stableWindow()));
    boolean retentionOver = !now.isBefore(lastDemand.plus(settings.scaleToZeroPodRetention()));
    return (graceOver && retentionOver) || ready == 0 && (last == null || last.desired() == 0) ? 0 : 1;
  }

  private static int clamp(int value, int low, int high) {
    return Math.max(low, Math.min(high, value));
  }
}
