package dev.kafkaeventing.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * KafkaSink ingress against Broker ingress on the same platform: 1 KiB binary-mode events POSTed
 * over keep-alive connections, closed loop, alternately to a Broker without Triggers and to a
 * KafkaSink (binary content mode) whose topic has as many partitions. Target: the KafkaSink at
 * least 95% of the Broker's rate.
 */
final class KafkaSinkScenario implements Scenario {

  private static final String SINK_NS = "bench-ksink";
  private static final String BROKER_NS = "bench-ksink-ref";

  @Override
  public String id() {
    return "kafkasink";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    PlatformNode node = ctx.platform(id());
    try {
      node.admin().apply(Yaml.documents(List.of(Yaml.broker(BROKER_NS, "default"), """
          apiVersion: eventing.knative.dev/v1alpha1
          kind: KafkaSink
          metadata: {name: sink, namespace: %s}
          spec:
            topic: bench-ksink-%d
            bootstrapServers: ["%s"]
          """.formatted(SINK_NS, System.nanoTime(), ctx.bootstrapServers()))));
      DeliveryPhase.awaitReady(node, "broker", BROKER_NS, 1, Duration.ofSeconds(60));
      DeliveryPhase.awaitReady(node, "kafkasink", SINK_NS, 1, Duration.ofSeconds(60));
      URI broker = DeliveryPhase.uri(node.brokerUrl(BROKER_NS, "default"));
      URI sink = DeliveryPhase.uri(node.brokerUrl("sinks/" + SINK_NS, "sink"));
      BenchEvents events = new BenchEvents(1024, 100);
      Warmup.run(ctx, node, id(), () -> {
        ctx.load().closedLoop(broker, events, config.warmup());
        ctx.load().closedLoop(sink, events, config.warmup());
      });
      // Broker, sink, broker, sink: the machine's drift falls on both alike.
      double[] brokerRates = new double[2];
      double[] sinkRates = new double[2];
      Figure brokerFigure = null;
      Figure sinkFigure = null;
      for (int round = 0; round < 2; round++) {
        ctx.log("kafkasink: round %d, Broker then KafkaSink, closed loop for %s each", round + 1, config.duration());
        brokerFigure = closedLoop(ctx, node, broker, events, "Broker ingress (no Triggers)", true);
        sinkFigure = closedLoop(ctx, node, sink, events, "KafkaSink ingress", false);
        brokerRates[round] = brokerFigure.eventsPerSecond();
        sinkRates[round] = sinkFigure.eventsPerSecond();
      }
      ctx.ingressMeasured(Math.max(brokerRates[0], brokerRates[1]));
      double ratio = 100 * (sinkRates[0] + sinkRates[1]) / (brokerRates[0] + brokerRates[1]);
      return new ScenarioResult(id(), "KafkaSink vs Broker ingress: 1 KiB binary events, " + config.connections()
          + " connections", method(config), List.of(sinkFigure, brokerFigure),
          List.of(TargetCheck.atLeast("KafkaSink events/s vs the Broker ingress's (%)", ratio, 95, "%")),
          List.of(String.format("Rounds (Broker / KafkaSink events/s): %,.0f / %,.0f, then %,.0f / %,.0f; the ratio"
              + " is of the sums. The rows show the second round.", brokerRates[0], sinkRates[0], brokerRates[1],
              sinkRates[1])), List.of());
    } finally {
      ctx.release(node);
    }
  }

  private static Figure closedLoop(BenchContext ctx, PlatformNode node, URI target, BenchEvents events, String variant,
      boolean reference) throws InterruptedException {
    Measurement measurement = ctx.measure(node);
    PhaseResult run = ctx.load().closedLoop(target, events, ctx.config().duration());
    return new Figure(variant, Figure.MAX, reference, run.acceptedPerSecond(), run.latency(), "publish → 202",
        measurement.end(run.accepted()), JvmHeap.used(node.pid()), IngressScenario.outcome(run) + "closed loop");
  }

  private static String method(BenchConfig config) {
    return "The bench's load generator POSTs binary-mode CloudEvents with 1 KiB of data, closed loop on "
        + config.connections() + " connections for " + config.duration().toSeconds() + " s, to a Broker without "
        + "Triggers and to a KafkaSink (binary content mode, the platform's default partitions) on the same "
        + "platform, twice each in turn after a warm-up of both. Both answer 202 once Kafka acknowledged the "
        + "event; the Broker's topology also reads its topic (without Triggers), the KafkaSink's topic is not read.";
  }
}
