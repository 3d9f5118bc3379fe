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
 * <p>Trigger 0's subscriber listens on its own port in both variants: the platform keeps a
 * connection pool per host and port, and real subscribers are separate services.
 */
final class SlowSubscriberScenario implements Scenario {

  private static final int TRIGGERS = 10;

  @Override
  public String id() {
    return "slow";
  }

  /** One variant's Broker: where to publish and what the nine other Triggers should receive. */
  private record Setup(String namespace, String path, URI target, BenchEvents events,
      DeliveryPhase.Expectation others) {}

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    PlatformNode node = ctx.platform(id());
    try (BenchSubscriber firstServer = BenchSubscriber.start(1)) {
      ctx.log("slow: reference, %d fast triggers", TRIGGERS);
      Setup reference = setUp(ctx, node, "bench-slow-ref", firstServer);
      Warmup.run(ctx, node, id(), () -> DeliveryPhase.run(ctx, node, reference.target(), reference.events(),
          reference.path(), reference.others(), EndToEndScenario.WARMUP_RATE, config.warmup()));
      RateSearch.Sustained refSustained = RateSearch.findAndMeasure(ctx, node, reference.target(),
          reference.events(), reference.path(), reference.others(), EndToEndScenario.WARMUP_RATE, "slow, reference");
      DeliveryRun refMax = refSustained.run();
      double rate = refSustained.rate();
      DeliveryRun refHalf = DeliveryPhase.run(ctx, node, reference.target(), reference.events(), reference.path(),
          reference.others(), rate / 2, config.duration());
      node.admin().delete(Yaml.broker(reference.namespace(), "default"));

      ctx.log("slow: one subscriber answering after %s; the same rates", config.slowDelay());
      firstServer.route("/bench-slow/t0", SubscriberRoute.slow(config.slowDelay()));
      Setup slow = setUp(ctx, node, "bench-slow", firstServer);
      // As the reference's Broker was warmed by its warm-up and rate search: without it the measured
      // phase would pay the JIT recompiling the paths a new Broker's first events and a first spilled
      // backlog reach (docs/perf/slow-subscriber.md). Trigger 0 is then far behind, as it stays.
      Warmup.run(ctx, node, "slow, with the slow subscriber", () -> DeliveryPhase.run(ctx, node, slow.target(),
          slow.events(), slow.path(), slow.others(), rate, config.warmup()));
      long slowBefore = firstServer.received();
      DeliveryRun slowMax = DeliveryPhase.run(ctx, node, slow.target(), slow.events(), slow.path(), slow.others(),
          rate, config.duration());
      long slowDuring = firstServer.received() - slowBefore;
      DeliveryRun slowHalf = DeliveryPhase.run(ctx, node, slow.target(), slow.events(), slow.path(), slow.others(),
          rate / 2, config.duration());
      node.admin().delete(Yaml.broker(slow.namespace(), "default"));

      String others = "the other 9, delivered";
      List<Figure> figures = List.of(
          figure(others + " (slow one present)", Figure.MAX, false, slowMax,
              RateSearch.kept(slowMax, config.duration()) ? "kept up at the reference's rate"
                  : "fell behind at the reference's rate"),
          figure(others + " (all 10 fast)", Figure.MAX, true, refMax, refSustained.note()),
          figure(others + " (slow one present)", Figure.HALF, false, slowHalf, "fixed rate"),
          figure(others + " (all 10 fast)", Figure.HALF, true, refHalf, "fixed rate"));
      double ratio = slowMax.deliveriesPerSecond() / refMax.deliveriesPerSecond();
      List<String> notes = new ArrayList<>();
      notes.add(String.format("The slow subscriber answered %,d requests during the max phase (%.1f/s; at most "
          + "max-in-flight-per-trigger / %.1f s); the rest of Trigger 0's events wait in the broker's delivery queue.",
          slowDuring, slowDuring / slowMax.seconds(), config.slowDelay().toMillis() / 1000.0));
      notes.add("Platform CPU by thread group with the slow subscriber, max phase: "
          + Format.threadShares(slowMax.threadCpu()) + "; all fast: " + Format.threadShares(refMax.threadCpu()) + ".");
      return new ScenarioResult(id(), "Slow subscriber (" + config.slowDelay().toMillis() + " ms) on 1 of 10 Triggers",
          method(config), figures,
          List.of(TargetCheck.atLeast("the other 9's delivered rate vs all fast, same publish rate", ratio * 100, 90,
              " %")),
          notes, List.of());
    } finally {
      ctx.release(node);
    }
  }

  /** Applies the Broker and ten Triggers; Trigger 0 delivers to {@code firstServer}, the rest to the shared subscriber. */
  private static Setup setUp(BenchContext ctx, PlatformNode node, String namespace, BenchSubscriber firstServer)
      throws InterruptedException {
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
    return new Setup(namespace, path, DeliveryPhase.uri(node.brokerUrl(namespace, "default")),
        new BenchEvents(1024, TRIGGERS), DeliveryPhase.byType(othersPerType));
  }

  private static Figure figure(String variant, String phase, boolean reference, DeliveryRun run, String note) {
    String missing = run.missing() == 0 ? "" : String.format("%,d expected deliveries missing; ", run.missing());
    return new Figure(variant, phase, reference, run.deliveriesPerSecond(), run.latency(), "publish → delivery",
        run.usage(), -1, missing + String.format("%s; %,.0f events/s published", note, run.eventsPerSecond()));
  }

  private static String method(BenchConfig config) {
    return "Ten Triggers on one Broker, Trigger i with an exact filter on type i of ten (each matches 10%). "
        + "Reference: all ten subscribers answer 202 at once. Trigger 0's subscriber listens on a port of its own "
        + "in both. Measured: it answers after " + config.slowDelay().toMillis() + " ms. Both run in the same "
        + "platform, one after the other (the reference's Broker is deleted first), each warmed up on its own Broker "
        + "before it is measured (the measured variant at the reference's max rate, so Trigger 0 is already far "
        + "behind, its backlog kept as offsets, when the measurement starts). Max: the highest fixed rate at "
        + "which the other nine keep up in the reference (found as in the end-to-end scenario), then the same rate "
        + "with the slow subscriber; half: half of it, both. The figures are the other nine Triggers' deliveries, "
        + "over the time from the first publish to their last delivery.";
  }
}
