package dev.kafkaeventing.bench;

import java.net.URI;
import java.time.Duration;

/**
 * Finds the highest fixed publish rate a delivery scenario sustains: every expected delivery
 * arrives, and the last one no later than {@link #LAG_ALLOWED} after the last publish. Doubles the
 * rate from a start until a step fails (or the ceiling is reached), then halves the gap until the
 * failed rate is within 8% of the sustained one.
 *
 * <p>Closed-loop load overruns a broker whose dispatch is slower than its ingress, and the backlog
 * then decides the figure; a sustained rate says what the broker keeps up with.
 */
final class RateSearch {

  private static final Duration LAG_ALLOWED = Duration.ofSeconds(1);
  private static final int MAX_STEPS = 10;

  private RateSearch() {}

  /** The best sustained step, or the first step when even that failed (see {@link Outcome#sustained}). */
  record Outcome(double rate, boolean sustained, int steps) {}

  static Outcome find(BenchContext ctx, PlatformNode node, URI target, BenchEvents events, String group,
      DeliveryPhase.Expectation expectation, double startRate, double ceiling, String what) throws Exception {
    Duration step = stepDuration(ctx.config());
    double best = Double.NaN;
    double failed = Double.NaN;
    double rate = Math.min(startRate, ceiling);
    int steps = 0;
    while (steps < MAX_STEPS) {
      boolean ok = sustains(ctx, node, target, events, group, expectation, rate, step);
      steps++;
      ctx.log("%s: %.0f events/s %s", what, rate, ok ? "sustained" : "not sustained");
      if (ok) {
        best = rate;
      } else {
        failed = rate;
      }
      if (Double.isNaN(failed)) {
        if (rate >= ceiling) {
          break;
        }
        rate = Math.min(ceiling, rate * 2);
      } else if (Double.isNaN(best)) {
        rate = rate / 2;
        if (rate < 50) {
          break;
        }
      } else if (failed / best > 1.08) {
        rate = (best + failed) / 2;
      } else {
        break;
      }
    }
    return Double.isNaN(best) ? new Outcome(rate, false, steps) : new Outcome(best, true, steps);
  }

  /**
   * The measured run at a sustained rate.
   *
   * @param rate the rate of {@code run}
   * @param run the full-length run
   * @param search how the starting rate was found
   * @param stepsDown how often the full-length run fell behind and the rate was lowered
   */
  record Sustained(double rate, DeliveryRun run, Outcome search, int stepsDown, boolean kept) {

    /** How the rate was found, for the report. */
    String note() {
      String found = search.sustained()
          ? String.format("highest fixed rate sustained (%d search steps", search.steps())
          : String.format("no rate sustained (%d search steps", search.steps());
      String lowered = stepsDown == 0 ? ")" : String.format("; %d× lowered by 15%% after a full-length run fell behind)", stepsDown);
      return found + lowered + (kept ? "" : "; this run fell behind too");
    }
  }

  /**
   * The delivery scenarios' max rate: {@link #find} from {@code startRate} up to the run's ceiling,
   * then {@link #measure} for the configured phase duration.
   */
  static Sustained findAndMeasure(BenchContext ctx, PlatformNode node, URI target, BenchEvents events,
      String group, DeliveryPhase.Expectation expectation, double startRate, String what) throws Exception {
    Outcome search = find(ctx, node, target, events, group, expectation, startRate, ctx.rateCeiling(), what);
    return measure(ctx, node, target, events, group, expectation, search, ctx.config().duration(), what);
  }

  /**
   * Runs at the search's rate for {@code duration}; when that run falls behind (a short search step
   * can pass where a longer run builds up a backlog), lowers the rate by 15% and runs again, up to
   * three times.
   */
  static Sustained measure(BenchContext ctx, PlatformNode node, URI target, BenchEvents events, String group,
      DeliveryPhase.Expectation expectation, Outcome search, Duration duration, String what)
      throws InterruptedException {
    double rate = search.rate();
    int stepsDown = 0;
    while (true) {
      DeliveryRun run = DeliveryPhase.run(ctx, node, target, events, group, expectation, rate, duration);
      boolean kept = kept(run, duration);
      if (kept || stepsDown == 3) {
        return new Sustained(rate, run, search, stepsDown, kept);
      }
      ctx.log("%s: fell behind at %.0f events/s over %s; lowering the rate", what, rate, duration);
      rate *= 0.85;
      stepsDown++;
    }
  }

  static Duration stepDuration(BenchConfig config) {
    long millis = Math.max(1_000, config.duration().toMillis() / 3);
    return Duration.ofMillis(millis);
  }

  /** Whether a run at {@code rate} for {@code duration} kept up. */
  static boolean sustains(BenchContext ctx, PlatformNode node, URI target, BenchEvents events, String group,
      DeliveryPhase.Expectation expectation, double rate, Duration duration) throws InterruptedException {
    DeliveryRun run = DeliveryPhase.run(ctx, node, target, events, group, expectation, rate, duration);
    return kept(run, duration);
  }

  /**
   * Whether a fixed-rate run of {@code duration} kept up: the ingress answered every event by the
   * planned end plus the allowed lag, and every delivery arrived within the allowed lag too.
   */
  static boolean kept(DeliveryRun run, Duration duration) {
    PhaseResult publish = run.publish();
    double allowed = LAG_ALLOWED.toMillis() / 1000.0;
    double publishSeconds = (publish.endNanos() - publish.startNanos()) / 1e9;
    return run.complete() && run.missing() == 0 && publish.rejected() + publish.failed() == 0
        && publishSeconds <= duration.toMillis() / 1000.0 + allowed
        && run.seconds() - publishSeconds <= allowed;
  }
}
