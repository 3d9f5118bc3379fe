package dev.kafkaeventing.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * End to end: one Broker, one Trigger without filter, the subscriber answering 202 at once;
 * throughput and publish → delivery latency at the subscriber. Reference: the ingress alone (a
 * Broker without Triggers on the same platform), at the same rates.
 */
final class EndToEndScenario implements Scenario {

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

      ctx.log("e2e: warm-up %s", config.warmup());
      if (!config.warmup().isZero()) {
        DeliveryPhase.run(ctx, node, target, events, path, DeliveryPhase.everyEvent(), Double.NaN, config.warmup());
        ctx.load().closedLoop(reference, events, config.warmup());
      }
      ctx.log("e2e: closed loop for %s", config.duration());
      DeliveryRun max = DeliveryPhase.run(ctx, node, target, events, path, DeliveryPhase.everyEvent(), Double.NaN,
          config.duration());
      Figure maxFigure = delivered("1 trigger, delivered", Figure.MAX, max, JvmHeap.used(node.pid()),
          config.connections() + " connections, closed loop; ingress meanwhile "
              + Format.number(max.publish().acceptedPerSecond()) + " events/s");
      double halfRate = max.deliveriesPerSecond() / 2;
      ctx.log("e2e: %.0f delivered/s; now %.0f/s for latency", max.deliveriesPerSecond(), halfRate);
      DeliveryRun half = DeliveryPhase.run(ctx, node, target, events, path, DeliveryPhase.everyEvent(), halfRate,
          config.duration());
      Figure halfFigure = delivered("1 trigger, delivered", Figure.HALF, half, JvmHeap.used(node.pid()),
          "fixed rate; publish → 202 p99 " + Format.number(half.publish().latency().p99Ms()) + " ms");

      ctx.log("e2e: reference, ingress alone");
      Figure refMax = ingressAlone(ctx, node, reference, events, Double.NaN, Figure.MAX);
      Figure refHalf = ingressAlone(ctx, node, reference, events, halfRate, Figure.HALF);
      List<String> notes = new ArrayList<>();
      notes.add("Platform CPU by thread group at max rate: " + Format.threadShares(max.threadCpu()) + ".");
      notes.add(String.format("Deliveries: %,d expected, %,d missing, %,d duplicates (max phase); "
          + "%,d expected, %,d missing, %,d duplicates (half-rate phase).", max.expected(), max.missing(),
          max.duplicates(), half.expected(), half.missing(), half.duplicates()));
      return new ScenarioResult(id(), "End to end: 1 Trigger, subscriber answering 202 at once", method(config),
          List.of(maxFigure, halfFigure, refMax, refHalf),
          List.of(TargetCheck.atLeast("delivered events/s", max.deliveriesPerSecond(), 20_000, ""),
              TargetCheck.below("p99 publish → delivery at half the max rate", half.latency().p99Ms(), 20, " ms")),
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
        + "extension, same process clock). Max: closed loop on " + config.connections() + " connections for "
        + config.duration().toSeconds() + " s; the rate is deliveries over the time from the first publish to the "
        + "last delivery. Latency: fixed rate at half the delivered max. Reference: the ingress alone on the same "
        + "platform (a second Broker without Triggers), at the same load.";
  }
}
