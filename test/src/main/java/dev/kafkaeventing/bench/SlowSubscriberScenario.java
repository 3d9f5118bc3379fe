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
      RateSearch.Outcome refSearch = search(ctx, node, reference, "slow, reference");
      DeliveryRun refMax = measure(ctx, node, reference, firstServer, refSearch.rate());
      long refFirst = firstServer.tally(reference.path()).deliveries();
      double halfRate = refSearch.rate() / 2;
      DeliveryRun refHalf = measure(ctx, node, reference, firstServer, halfRate);
      node.admin().delete(Yaml.broker(reference.namespace(), "default"));

      ctx.log("slow: one subscriber answering after %s", config.slowDelay());
      firstServer.route("/bench-slow/t0", SubscriberRoute.slow(config.slowDelay()));
      Setup slow = setUp(ctx, node, "bench-slow", firstServer);
      RateSearch.Outcome slowSearch = search(ctx, node, slow, "slow, with the slow subscriber");
      DeliveryRun slowMax = measure(ctx, node, slow, firstServer, slowSearch.rate());
      long slowFirst = firstServer.tally(slow.path()).deliveries();
      DeliveryRun slowHalf = measure(ctx, node, slow, firstServer, halfRate);
      node.admin().delete(Yaml.broker(slow.namespace(), "default"));

      String others = "the other 9, delivered";
      List<Figure> figures = List.of(
          figure(others + " (slow one present)", Figure.MAX, false, slowMax,
              EndToEndScenario.sustainedNote(slowSearch, slowMax, config.duration())),
          figure(others + " (all 10 fast)", Figure.MAX, true, refMax,
              EndToEndScenario.sustainedNote(refSearch, refMax, config.duration())),
          figure(others + " (slow one present)", Figure.HALF, false, slowHalf, "fixed rate"),
          figure(others + " (all 10 fast)", Figure.HALF, true, refHalf, "fixed rate"));
      double ratio = slowMax.deliveriesPerSecond() / refMax.deliveriesPerSecond();
      List<String> notes = new ArrayList<>();
      notes.add(String.format("Trigger 0 got %,d deliveries during the measured sustained run with the slow "
          + "subscriber (%.1f/s; its backlog waits in the broker's delivery queue), %,d in the reference.",
          slowFirst, slowFirst / slowMax.seconds(), refFirst));
      notes.add("Platform CPU by thread group with the slow subscriber, sustained rate: "
          + Format.threadShares(slowMax.threadCpu()) + ".");
      return new ScenarioResult(id(), "Slow subscriber (" + config.slowDelay().toMillis() + " ms) on 1 of 10 Triggers",
          method(config), figures,
          List.of(TargetCheck.atLeast("the other 9's sustained delivered rate vs all fast", ratio * 100, 80, " %")),
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

  private static RateSearch.Outcome search(BenchContext ctx, PlatformNode node, Setup setup, String what)
      throws Exception {
    return RateSearch.find(ctx, node, setup.target(), setup.events(), setup.path(), setup.others(),
        EndToEndScenario.WARMUP_RATE, ctx.rateCeiling(), what);
  }

  private static DeliveryRun measure(BenchContext ctx, PlatformNode node, Setup setup, BenchSubscriber firstServer,
      double rate) throws InterruptedException {
    firstServer.newPhase(System.nanoTime(), ctx.load().nextSequence());
    return DeliveryPhase.run(ctx, node, setup.target(), setup.events(), setup.path(), setup.others(), rate,
        ctx.config().duration());
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
        + "platform, one after the other (the reference's Broker is deleted first). Max: the highest fixed rate at "
        + "which the other nine keep up (as in the end-to-end scenario); half: half of the reference's. The "
        + "figures are the other nine Triggers' deliveries.";
  }
}
