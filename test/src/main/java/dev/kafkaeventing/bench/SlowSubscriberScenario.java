package dev.kafkaeventing.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A slow subscriber: ten Triggers on one Broker, each matching a tenth of the events (exact type
 * filters on ten types); in the measured variant Trigger 0's subscriber holds every answer for
 * {@link BenchConfig#slowDelay()}. What counts is how the other nine fare. Reference: the same ten
 * Triggers, all fast, measured in the same run.
 *
 * <p>The slow subscriber listens on its own port: the platform keeps a connection pool per host and
 * port, and real subscribers are separate services.
 */
final class SlowSubscriberScenario implements Scenario {

  private static final int TRIGGERS = 10;

  @Override
  public String id() {
    return "slow";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    PlatformNode node = ctx.platform(id());
    try (BenchSubscriber firstServer = BenchSubscriber.start(1)) {
      ctx.log("slow: reference, %d fast triggers", TRIGGERS);
      Variant baseline = runVariant(ctx, node, "bench-slow-ref", firstServer, Double.NaN);
      double halfRate = baseline.max().eventsPerSecond() / 2;
      Variant baselineHalf = runVariant(ctx, node, "bench-slow-ref", firstServer, halfRate);
      node.admin().delete(Yaml.broker("bench-slow-ref", "default"));
      ctx.log("slow: one subscriber answering after %s", config.slowDelay());
      firstServer.route("/bench-slow/t0", SubscriberRoute.slow(config.slowDelay()));
      Variant slow = runVariant(ctx, node, "bench-slow", firstServer, Double.NaN);
      Variant slowHalf = runVariant(ctx, node, "bench-slow", firstServer, halfRate);
      String fast = "the other 9, delivered";
      List<Figure> figures = List.of(
          figure(fast + " (slow one present)", Figure.MAX, false, slow.max()),
          figure(fast + " (all 10 fast)", Figure.MAX, true, baseline.max()),
          figure(fast + " (slow one present)", Figure.HALF, false, slowHalf.max()),
          figure(fast + " (all 10 fast)", Figure.HALF, true, baselineHalf.max()));
      double ratio = slow.max().deliveriesPerSecond() / baseline.max().deliveriesPerSecond();
      List<String> notes = new ArrayList<>();
      notes.add(String.format("The slow Trigger got %,d deliveries during the max phase (%.1f/s); its backlog waits "
          + "in the broker's delivery queue. In the reference, Trigger 0 got %,d.", slow.firstDeliveries(),
          slow.firstDeliveries() / slow.max().seconds(), baseline.firstDeliveries()));
      notes.add("Platform CPU by thread group, slow variant at max rate: " + Format.threadShares(slow.max().threadCpu()) + ".");
      node.admin().delete(Yaml.broker("bench-slow", "default"));
      return new ScenarioResult(id(), "Slow subscriber (" + config.slowDelay().toMillis() + " ms) on 1 of 10 Triggers",
          method(config), figures,
          List.of(TargetCheck.atLeast("the other 9's delivered rate vs all fast", ratio * 100, 80, " %")),
          notes, List.of());
    } finally {
      ctx.release(node);
    }
  }

  private record Variant(DeliveryRun max, long firstDeliveries) {}

  /**
   * Runs one variant. Trigger 0 always delivers to {@code firstServer} (slow or not, as routed
   * there), so the shared subscriber's group holds exactly the nine others in both variants.
   */
  private Variant runVariant(BenchContext ctx, PlatformNode node, String namespace, BenchSubscriber firstServer,
      double rate) throws Exception {
    BenchConfig config = ctx.config();
    String path = "/" + namespace + "/";
    int[] othersPerType = new int[TRIGGERS];
    List<String> documents = new ArrayList<>(List.of(Yaml.broker(namespace, "default")));
    for (int i = 0; i < TRIGGERS; i++) {
      othersPerType[i] = i == 0 ? 0 : 1;
      String uri = i == 0 ? firstServer.url(path + "t0") : ctx.subscriber().url(path + "t" + i);
      documents.add(Yaml.trigger(namespace, "t" + i, "default", BenchEvents.type(i), uri));
    }
    node.admin().apply(Yaml.documents(documents));
    DeliveryPhase.awaitReady(node, "trigger", namespace, TRIGGERS, Duration.ofSeconds(120));
    URI target = DeliveryPhase.uri(node.brokerUrl(namespace, "default"));
    BenchEvents events = new BenchEvents(1024, TRIGGERS);
    DeliveryPhase.Expectation expectation = DeliveryPhase.byType(othersPerType);
    if (!config.warmup().isZero() && Double.isNaN(rate)) {
      DeliveryPhase.run(ctx, node, target, events, path, expectation, Double.NaN, config.warmup());
    }
    firstServer.newPhase(System.nanoTime(), ctx.load().nextSequence());
    DeliveryRun run = DeliveryPhase.run(ctx, node, target, events, path, expectation, rate, config.duration());
    return new Variant(run, firstServer.tally(path).deliveries());
  }

  private static Figure figure(String variant, String phase, boolean reference, DeliveryRun run) {
    String missing = run.missing() == 0 ? "" : String.format("%,d expected deliveries missing; ", run.missing());
    return new Figure(variant, phase, reference, run.deliveriesPerSecond(), run.latency(), "publish → delivery",
        run.usage(), -1, missing + String.format("%,.0f events/s published", run.eventsPerSecond()));
  }

  private static String method(BenchConfig config) {
    return "Ten Triggers on one Broker, Trigger i with an exact filter on type i of ten (each matches 10%). "
        + "Reference: all ten subscribers answer 202 at once. Trigger 0's subscriber listens on a port of its own in both. Measured: it "
        + "answers after " + config.slowDelay().toMillis() + " ms. Both run in the same platform, one after the other (the "
        + "reference's Broker is deleted first), closed loop for max, then at a fixed half of the reference's rate; the figures are the other nine Triggers' "
        + "deliveries.";
  }
}
