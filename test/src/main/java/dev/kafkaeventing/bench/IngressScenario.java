package dev.kafkaeventing.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ingress alone: 1 KiB binary-mode events POSTed to a Broker (no Triggers) over keep-alive
 * connections, answered 202 once Kafka acknowledged them. References: Kafka's ProducerPerformance on
 * the same broker, and {@code hey} driving the same ingress as a cross-check.
 */
final class IngressScenario implements Scenario {

  static final String NAMESPACE = "bench-ingress";

  @Override
  public String id() {
    return "ingress";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    PlatformNode node = ctx.platform(id());
    try {
      node.admin().apply(Yaml.broker(NAMESPACE, "default"));
      DeliveryPhase.awaitReady(node, "broker", NAMESPACE, 1, Duration.ofSeconds(60));
      URI target = DeliveryPhase.uri(node.brokerUrl(NAMESPACE, "default"));
      BenchEvents events = new BenchEvents(1024, 100);
      Warmup.run(ctx, node, id(), () -> ctx.load().closedLoop(target, events, config.warmup()));
      ctx.log("ingress: closed loop on %d connections for %s", config.connections(), config.duration());
      Map<Long, Map.Entry<String, Long>> threadsBefore = ThreadCpu.sample(node.pid());
      Measurement measurement = ctx.measure(node);
      PhaseResult max = ctx.load().closedLoop(target, events, config.duration());
      Usage maxUsage = measurement.end(max.accepted());
      Map<String, Double> threads = ThreadCpu.breakdown(threadsBefore, ThreadCpu.sample(node.pid()));
      Figure maxFigure = new Figure("platform ingress", Figure.MAX, false, max.acceptedPerSecond(), max.latency(),
          "publish → 202", maxUsage, JvmHeap.used(node.pid()), outcome(max) + config.connections() + " connections, closed loop");
      ctx.ingressMeasured(max.acceptedPerSecond());
      ctx.log("ingress: %.0f events/s; now %.0f/s for latency", max.acceptedPerSecond(), max.acceptedPerSecond() / 2);

      measurement = ctx.measure(node);
      PhaseResult half = ctx.load().fixedRate(target, events, max.acceptedPerSecond() / 2, config.duration());
      Usage halfUsage = measurement.end(half.accepted());
      Figure halfFigure = new Figure("platform ingress", Figure.HALF, false, half.acceptedPerSecond(), half.latency(),
          "publish → 202", halfUsage, JvmHeap.used(node.pid()), outcome(half) + "fixed rate; " + lag(half));

      List<Figure> figures = new ArrayList<>(List.of(maxFigure, halfFigure));
      ctx.log("ingress: hey cross-check");
      Figure hey = HeyReference.run(ctx, node, target.toString(), events.data());
      if (hey != null) {
        figures.add(hey);
      }
      ctx.log("ingress: Kafka ProducerPerformance reference");
      figures.add(ProducerPerfReference.run(ctx, 10));
      return new ScenarioResult(id(), "Ingress: 1 KiB binary events, " + config.connections() + " connections",
          method(config), figures, List.of(
              TargetCheck.atLeast("events/s", max.acceptedPerSecond(), 30_000, ""),
              TargetCheck.atMost("platform CPU per event", maxUsage.platformCpuMicrosPerEvent(), 15, " µs"),
              TargetCheck.below("p99 publish → 202 at half the max rate", half.latency().p99Ms(), 5, " ms")),
          List.of("Platform CPU by thread group at max rate: " + Format.threadShares(threads) + "."
              + " The Broker has no Trigger, so its topology holds its topic unread; its stream thread only polls."),
          List.of());
    } finally {
      ctx.release(node);
    }
  }

  static String outcome(PhaseResult phase) {
    long problems = phase.rejected() + phase.failed();
    return problems == 0 ? "" : String.format("%,d of %,d not accepted; ", problems, phase.sent());
  }

  /** How late the generator itself sent, so a reader can tell the bench's share of the latency. */
  static String lag(PhaseResult phase) {
    LatencySummary lag = phase.sendLag();
    return lag.isEmpty() ? "" : String.format("generator late by p50 %.2f / p99 %.2f / max %.1f ms", lag.p50Ms(),
        lag.p99Ms(), lag.maxMs());
  }

  private static String method(BenchConfig config) {
    return "The bench's load generator (Netty, keep-alive) POSTs binary-mode CloudEvents with 1 KiB of data to "
        + "one Broker's ingress, after a warm-up that lasts until the platform's JIT compiler has settled: first "
        + "closed loop on " + config.connections() + " connections (each sends its next "
        + "event when the previous one is answered) for the max rate, then a fixed rate of half that for latency, "
        + "counted from the moment each event was due. Kafka's ProducerPerformance (1 KiB records, acks=all, "
        + "linger.ms=5, idempotent, one producer) on the same broker gives the ceiling; hey cross-checks the "
        + "load generator.";
  }
}
