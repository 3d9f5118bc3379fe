package dev.kafkaeventing.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Batched ingress: {@value #BATCH} structured events with 1 KiB of JSON data per
 * {@code application/cloudevents-batch+json} request, POSTed closed loop to a Broker (no
 * Triggers). Reference: Kafka's ProducerPerformance on the same broker in the same run.
 */
final class BatchIngressScenario implements Scenario {

  static final String NAMESPACE = "bench-batch";
  static final int BATCH = 100;

  @Override
  public String id() {
    return "batch";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    PlatformNode node = ctx.platform(id());
    try {
      node.admin().apply(Yaml.broker(NAMESPACE, "default"));
      DeliveryPhase.awaitReady(node, "broker", NAMESPACE, 1, Duration.ofSeconds(60));
      URI target = DeliveryPhase.uri(node.brokerUrl(NAMESPACE, "default"));
      BenchEvents events = BenchEvents.batch(1024, BATCH);
      Warmup.run(ctx, node, id(), () -> ctx.load().closedLoop(target, events, config.warmup()));
      ctx.log("batch: closed loop on %d connections for %s", config.connections(), config.duration());
      Map<Long, Map.Entry<String, Long>> threadsBefore = ThreadCpu.sample(node.pid());
      Measurement measurement = ctx.measure(node);
      PhaseResult max = ctx.load().closedLoop(target, events, config.duration());
      Usage usage = measurement.end(max.accepted());
      Map<String, Double> threads = ThreadCpu.breakdown(threadsBefore, ThreadCpu.sample(node.pid()));
      Figure figure = new Figure("platform batched ingress", Figure.MAX, false, max.acceptedPerSecond(), max.latency(),
          "publish → 202 (per request of " + BATCH + ")", usage, JvmHeap.used(node.pid()),
          IngressScenario.outcome(max) + config.connections() + " connections, closed loop");
      ctx.log("batch: %.0f events/s; Kafka ProducerPerformance reference", max.acceptedPerSecond());
      Figure reference = ProducerPerfReference.run(ctx, 10);
      double share = max.acceptedPerSecond() / reference.eventsPerSecond();
      return new ScenarioResult(id(), "Batched ingress: " + BATCH + " events of 1 KiB per request, "
          + config.connections() + " connections", method(config), List.of(figure, reference), List.of(
              TargetCheck.atLeast("events/s", max.acceptedPerSecond(), 100_000, ""),
              TargetCheck.atLeast("share of ProducerPerformance", 100 * share, 60, " %"),
              TargetCheck.informative("Kafka CPU per event", usage.kafkaCpuMicrosPerEvent(), " µs")),
          List.of("Platform CPU by thread group: " + Format.threadShares(threads) + "."),
          List.of());
    } finally {
      ctx.release(node);
    }
  }

  private static String method(BenchConfig config) {
    return "The bench's load generator POSTs one JSON array of " + BATCH + " structured CloudEvents (1 KiB of "
        + "JSON data each, about 108 KiB a request) per request to one Broker's ingress, closed loop on "
        + config.connections() + " connections, after the same warm-up as the ingress scenario. Each event "
        + "becomes one Kafka record; the request is answered 202 once Kafka acknowledged all of them. Kafka's "
        + "ProducerPerformance (1 KiB records, acks=all, linger.ms=5, idempotent, one producer) on the same "
        + "broker in the same run is the reference.";
  }
}
