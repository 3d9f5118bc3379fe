package dev.kafkaeventing.serving.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.serving.autoscaler.ScaleDecision.Mode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The KPA on recorded per-second series, ticking every 2 s like Knative, with a manual clock. */
class KpaDeciderTest {

  /** A clock moved by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }
  }

  /** Runs a decider over a series: one sample a second, a decision every other second; ready follows desired. */
  private static final class Run {
    final ManualClock clock = new ManualClock();
    final AutoscalerSettings settings;
    final KpaDecider decider;
    final MetricWindow window;
    int ready;
    long pending;
    int second;
    ScaleDecision last;

    Run(Map<String, String> config, Map<String, String> annotations, int ready) {
      settings = AutoscalerSettings.of(config, annotations, 0);
      decider = new KpaDecider(settings, clock);
      window = new MetricWindow(settings.stableWindow());
      this.ready = ready;
    }

    /** Feeds {@code seconds} samples of {@code series(second)}; returns the last decision. */
    ScaleDecision feed(int seconds, IntToDoubleFunction series) {
      for (int i = 0; i < seconds; i++) {
        clock.advance(Duration.ofSeconds(1));
        window.record(clock.instant(), series.applyAsDouble(second++));
        if (second % 2 == 0) {
          tick();
        }
      }
      return last;
    }

    ScaleDecision tick() {
      Instant now = clock.instant();
      last = decider.decide(new KpaDecider.Observation(ready, window.average(now, settings.stableWindow()),
          window.average(now, settings.panicWindow()), pending));
      ready = last.desired();
      return last;
    }
  }

  @Test
  void shouldScaleOnTheStableAverageWhenLoadIsSteady() {
    Run run = new Run(Map.of(), Map.of(), 5);
    ScaleDecision decision = run.feed(60, s -> 350);

    assertThat(decision.mode()).isEqualTo(Mode.STABLE);
    assertThat(decision.desired()).isEqualTo(5); // 350 / (100 x 70%)
    assertThat(decision.stableAverage()).isEqualTo(350.0);
  }

  @Test
  void shouldEnterPanicWhenThePanicWindowDoublesTheReadyReplicas() {
    Run run = new Run(Map.of(), Map.of(), 1);
    run.feed(60, s -> 50);
    assertThat(run.last.desired()).isEqualTo(1);

    ScaleDecision decision = run.feed(6, s -> 700); // panic window 6 s: 700 / 70 = 10 replicas

    assertThat(decision.mode()).isEqualTo(Mode.PANIC);
    assertThat(decision.desired()).isEqualTo(10);
    assertThat(decision.stableAverage()).isLessThan(200);
  }

  @Test
  void shouldNeverScaleDownInPanicAndLeaveItAStableWindowAfterTheLastReason() {
    Run run = new Run(Map.of(), Map.of(), 1);
    run.feed(60, s -> 50);
    run.feed(6, s -> 700);
    assertThat(run.last.desired()).isEqualTo(10);

    ScaleDecision calm = run.feed(30, s -> 10);
    assertThat(calm.mode()).isEqualTo(Mode.PANIC);
    assertThat(calm.desired()).isEqualTo(10);

    ScaleDecision after = run.feed(32, s -> 10);
    assertThat(after.mode()).isEqualTo(Mode.STABLE);
    assertThat(after.desired()).isLessThan(10);
  }

  @Test
  void shouldLimitScaleUpAndScaleDownPerDecisionWhenRatesAreSet() {
    Run up = new Run(Map.of("max-scale-up-rate", "2", "panic-threshold-percentage", "1000"), Map.of(), 2);
    assertThat(up.feed(2, s -> 7000).desired()).isEqualTo(4);
    assertThat(up.feed(2, s -> 7000).desired()).isEqualTo(8);

    Run down = new Run(Map.of("enable-scale-to-zero", "false"), Map.of(), 10);
    down.feed(60, s -> 700);
    assertThat(down.last.desired()).isEqualTo(10);
    down.feed(60, s -> 0);
    down.ready = 10;
    assertThat(down.tick().desired()).isEqualTo(5); // at most ready / max-scale-down-rate (2) away
  }

  @Test
  void shouldKeepWithinMinAndMaxScaleWhenTheMetricSaysOtherwise() {
    Run bounded = new Run(Map.of(), Map.of("autoscaling.knative.dev/min-scale", "2",
        "autoscaling.knative.dev/max-scale", "3"), 2);
    assertThat(bounded.feed(120, s -> 0).desired()).isEqualTo(2);
    assertThat(bounded.feed(60, s -> 7000).desired()).isEqualTo(3);
  }

  @Test
  void shouldHoldTheHighestDesiredCountForTheScaleDownDelay() {
    Run run = new Run(Map.of("scale-down-delay", "20s", "stable-window", "6s"), Map.of(), 1);
    run.feed(6, s -> 350);
    assertThat(run.last.desired()).isEqualTo(5);

    assertThat(run.feed(10, s -> 70).desired()).isEqualTo(5);
    assertThat(run.feed(40, s -> 70).desired()).isEqualTo(1); // two steps: max-scale-down-rate 2, each delayed
  }

  @Test
  void shouldScaleToZeroOnlyAfterTheStableWindowAndTheGracePeriodWithoutTraffic() {
    Run run = new Run(Map.of(), Map.of(), 1);
    run.feed(10, s -> 5);
    // the stable window still holds traffic for 60 s, then the grace period of 30 s runs
    assertThat(run.feed(58, s -> 0).desired()).isEqualTo(1);
    ScaleDecision waiting = run.feed(20, s -> 0);
    assertThat(waiting.desired()).isEqualTo(1);
    assertThat(waiting.reason()).contains("grace period");

    ScaleDecision zero = run.feed(14, s -> 0);
    assertThat(zero.desired()).isZero();
    assertThat(zero.reason()).contains("scaled to zero");
  }

  @Test
  void shouldKeepOneReplicaWhenScaleToZeroIsDisabled() {
    Run run = new Run(Map.of("enable-scale-to-zero", "false"), Map.of(), 1);
    assertThat(run.feed(200, s -> 0).desired()).isEqualTo(1);
  }

  @Test
  void shouldScaleFromZeroWhenARequestWaits() {
    Run run = new Run(Map.of(), Map.of(), 1);
    run.feed(200, s -> 0);
    assertThat(run.last.desired()).isZero();

    assertThat(run.feed(2, s -> 1).desired()).isEqualTo(1);
  }

  @Test
  void shouldScaleOnTheBacklogCappedByMaxScaleAndNeverToZeroWhileEventsArePending() {
    Run run = new Run(Map.of(), Map.of("autoscaling.knative.dev/max-scale", "5",
        "kafka-eventing.dev/backlog-per-replica", "100"), 1);
    run.feed(200, s -> 0);
    assertThat(run.last.desired()).isZero();

    run.pending = 250;
    ScaleDecision started = run.tick();
    assertThat(started.desired()).isEqualTo(3);
    assertThat(started.reason()).startsWith("backlog");

    run.pending = 5000;
    assertThat(run.tick().desired()).isEqualTo(5);

    run.pending = 1;
    assertThat(run.feed(200, s -> 0).desired()).isEqualTo(1);
    run.pending = 0;
    assertThat(run.feed(200, s -> 0).desired()).isZero();
  }

  @Test
  void shouldIgnoreTheBacklogWhenBacklogPerReplicaIsZero() {
    Run run = new Run(Map.of(), Map.of("kafka-eventing.dev/backlog-per-replica", "0"), 1);
    run.feed(200, s -> 0);

    run.pending = 5000;
    ScaleDecision decision = run.tick();

    assertThat(decision.desired()).isZero();
    assertThat(decision.pending()).isEqualTo(5000);
  }

  @Test
  void shouldScaleOnRequestsPerSecondWhenTheMetricIsRps() {
    Run run = new Run(Map.of(), Map.of("autoscaling.knative.dev/metric", "rps",
        "autoscaling.knative.dev/target", "10"), 1);
    assertThat(run.settings.metric()).isEqualTo(AutoscalerSettings.Metric.RPS);
    assertThat(run.feed(60, s -> 35).desired()).isEqualTo(5); // 35 / (10 x 70%)
  }
}
