package dev.kafkaeventing.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * End to end: one Broker, one Trigger without filter, the subscriber answering 202 at once;
 * throughput and publish → delivery latency at the subscriber. Reference: the ingress alone (a
 * Broker without Triggers on the same platform), at the same loads.
 */
final class EndToEndScenario implements Scenario {

  static final String CLOSED = "closed loop";
  /** Fixed rate of the delivery scenarios' warm-up chunks. */
  static final double WARMUP_RATE = 2_000;

  private static final String NAMESPACE = "bench-e2e";
  private static final String REFERENCE_NAMESPACE = "bench-e2e-ref";

  @Override
  public String id() {
    return "e2e";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    PlatformNode node = ctx.platform(id());
    try {
      String path = "/" + NAMESPACE + "/";
      node.admin().apply(Yaml.documents(List.of(Yaml.broker(NAMESPACE, "default"),
          Yaml.trigger(NAMESPACE, "all", "default", null, ctx.subscriber().url(path + "all")),
          Yaml.broker(REFERENCE_NAMESPACE, "default"))));
      DeliveryPhase.awaitReady(node, "trigger", NAMESPACE, 1, Duration.ofSeconds(60));
      DeliveryPhase.awaitReady(node, "broker", REFERENCE_NAMESPACE, 1, Duration.ofSeconds(60));
      URI target = DeliveryPhase.uri(node.brokerUrl(NAMESPACE, "default"));
      URI reference = DeliveryPhase.uri(node.brokerUrl(REFERENCE_NAMESPACE, "default"));
      BenchEvents events = new BenchEvents(1024, 100);
      DeliveryPhase.Expectation every = DeliveryPhase.everyEvent();

      Warmup.run(ctx, node, id(), () -> {
        ctx.load().closedLoop(reference, events, config.warmup());
        DeliveryPhase.run(ctx, node, target, events, path, every, WARMUP_RATE, config.warmup());
      });
      ctx.log("e2e: reference, ingress alone, closed loop for %s", config.duration());
      Figure refMax = ingressAlone(ctx, node, reference, events, Double.NaN, Figure.MAX);
      ctx.ingressMeasured(refMax.eventsPerSecond());
      RateSearch.Sustained sustained =
          RateSearch.findAndMeasure(ctx, node, target, events, path, every, WARMUP_RATE, "e2e");
      DeliveryRun max = sustained.run();
      Figure maxFigure = delivered("1 trigger, delivered", Figure.MAX, max, JvmHeap.used(node.pid()), sustained.note());
      double halfRate = sustained.rate() / 2;
      ctx.log("e2e: %.0f delivered/s sustained; now %.0f/s for latency", max.deliveriesPerSecond(), halfRate);
      DeliveryRun half = DeliveryPhase.run(ctx, node, target, events, path, every, halfRate, config.duration());
      Figure halfFigure = delivered("1 trigger, delivered", Figure.HALF, half, JvmHeap.used(node.pid()),
          "fixed rate; publish → 202 p99 " + Format.number(half.publish().latency().p99Ms()) + " ms");
      Figure refHalf = ingressAlone(ctx, node, reference, events, halfRate, Figure.HALF);
      ctx.log("e2e: closed loop for %s (backlog)", config.warmup());
      DeliveryRun closed = DeliveryPhase.run(ctx, node, target, events, path, every, Double.NaN,
          config.warmup().isZero() ? config.duration() : config.warmup());
      Figure closedFigure = delivered("1 trigger, delivered", CLOSED, closed, JvmHeap.used(node.pid()),
          String.format("%d connections publishing at %,.0f events/s for %d s, then the backlog drains",
              config.connections(), closed.publish().acceptedPerSecond(),
              (closed.publish().endNanos() - closed.publish().startNanos()) / 1_000_000_000L));

      List<String> notes = new ArrayList<>();
      notes.add("Platform CPU by thread group at the sustained rate: " + Format.threadShares(max.threadCpu()) + ".");
      notes.add("Platform CPU by thread group in the closed loop (with backlog): "
          + Format.threadShares(closed.threadCpu()) + ".");
      notes.add(String.format("Deliveries: %,d expected, %,d missing, %,d duplicates (sustained); %,d expected, "
          + "%,d missing, %,d duplicates (closed loop).", max.expected(), max.missing(), max.duplicates(),
          closed.expected(), closed.missing(), closed.duplicates()));
      return new ScenarioResult(id(), "End to end: 1 Trigger, subscriber answering 202 at once", method(config),
          List.of(maxFigure, halfFigure, closedFigure, refMax, refHalf),
          List.of(TargetCheck.atLeast("delivered events/s (sustained)", max.deliveriesPerSecond(), 20_000, ""),
              TargetCheck.below("p99 publish → delivery at the max sustained rate", max.latency().p99Ms(), 25, " ms"),
              TargetCheck.informative("p99 publish → delivery at half the max sustained rate", half.latency().p99Ms(),
                  " ms")),
          notes, List.of());
    } finally {
      ctx.release(node);
    }
  }

  static Figure delivered(String variant, String phase, DeliveryRun run, long heap, String note) {
    String missing = run.missing() == 0 ? "" : String.format("%,d expected deliveries missing; ", run.missing());
    return new Figure(variant, phase, false, run.deliveriesPerSecond(), run.latency(), "publish → delivery",
        run.usage(), heap, missing + note);
  }

  private static Figure ingressAlone(BenchContext ctx, PlatformNode node, URI target, BenchEvents events, double rate,
      String phase) throws InterruptedException {
    Measurement measurement = ctx.measure(node);
    PhaseResult run = Double.isNaN(rate)
        ? ctx.load().closedLoop(target, events, ctx.config().duration())
        : ctx.load().fixedRate(target, events, rate, ctx.config().duration());
    return new Figure("ingress alone (Broker without Triggers)", phase, true, run.acceptedPerSecond(), run.latency(),
        "publish → 202", measurement.end(run.accepted()), JvmHeap.used(node.pid()),
        IngressScenario.outcome(run) + (Double.isNaN(rate) ? "closed loop" : "same fixed rate"));
  }

  private static String method(BenchConfig config) {
    return "A Broker with one Trigger (no filter) whose subscriber, a Netty server in the bench process, answers "
        + "202 at once and measures publish → delivery from the send time each event carries (a CloudEvents "
        + "extension, same process clock). Max: the highest fixed rate the platform sustains (every event "
        + "delivered, the last within 1 s of the last publish; found in " + RateSearch.stepDuration(config).toSeconds()
        + " s steps by doubling from " + Format.number(WARMUP_RATE) + "/s, then halving the gap until within 8%), then run for "
        + config.duration().toSeconds() + " s (15% lower, up to three times, while such a run falls behind). Latency: fixed rate at half of that. Closed loop: " + config.connections() + " connections "
        + "publishing as fast as the ingress takes them, so a backlog builds; the rate is deliveries over the time "
        + "from the first publish to the last delivery. Reference: the ingress alone on the same platform (a "
        + "second Broker without Triggers), closed loop and at the same half rate.";
  }
}
