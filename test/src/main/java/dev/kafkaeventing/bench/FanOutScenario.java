package dev.kafkaeventing.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out: 1, 10, 100, 1,000 Triggers on one Broker, Trigger {@code i} with an exact type filter on
 * type {@code i % 100}; events cycle through 100 types, so each Trigger matches 1% of them. Measures
 * events/s through the broker, publish → delivery latency, and the heap each idle Trigger costs.
 * Reference: the first count (1 Trigger).
 */
final class FanOutScenario implements Scenario {

  private static final int TYPES = 100;

  @Override
  public String id() {
    return "fanout";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    table.add(List.of("triggers", "live heap, Broker only (MiB)", "live heap with idle Triggers (MiB)",
        "heap per idle Trigger (KiB)", "apply → all Ready (s)"));
    double referenceRate = Double.NaN;
    double largestRatio = Double.NaN;
    double largestPerTrigger = Double.NaN;
    int largest = config.fanOut().stream().mapToInt(Integer::intValue).max().orElseThrow();
    for (int triggers : config.fanOut()) {
      Result result = runOne(ctx, triggers, triggers == config.fanOut().get(0));
      figures.add(result.max());
      figures.add(result.half());
      table.add(result.heapRow());
      notes.add(triggers + " triggers, CPU by thread group at max rate: " + Format.threadShares(result.threadCpu()) + ".");
      if (Double.isNaN(referenceRate)) {
        referenceRate = result.max().eventsPerSecond();
      }
      if (triggers == largest) {
        largestRatio = result.max().eventsPerSecond() / referenceRate;
        largestPerTrigger = result.heapPerTriggerKib();
      }
    }
    notes.add("Heap after a full GC varies by about a MiB from one measurement to the next: per-trigger figures "
        + "for small N are noise (they can come out negative); the one for the largest N is the figure.");
    String reference = config.fanOut().get(0) + " trigger" + (config.fanOut().get(0) == 1 ? "" : "s");
    return new ScenarioResult(id(), "Fan-out: N Triggers on one Broker, each matching 1%", method(config), figures,
        List.of(TargetCheck.atLeast(largest + " triggers' rate / " + reference + "'s", largestRatio, 0.5, ""),
            TargetCheck.atMost("heap per idle trigger (" + largest + " triggers)", largestPerTrigger, 10, " KiB")),
        notes, table);
  }

  private record Result(Figure max, Figure half, List<String> heapRow, double heapPerTriggerKib,
      java.util.Map<String, Double> threadCpu) {}

  private Result runOne(BenchContext ctx, int triggers, boolean reference) throws Exception {
    BenchConfig config = ctx.config();
    PlatformNode node = ctx.platform(id() + "-" + triggers);
    try {
      String namespace = "bench-fanout-" + triggers;
      String path = "/" + namespace + "/";
      node.admin().apply(Yaml.broker(namespace, "default"));
      DeliveryPhase.awaitReady(node, "broker", namespace, 1, Duration.ofSeconds(60));
      long heapBefore = JvmHeap.usedAfterFullGc(node.pid());
      int[] perType = new int[TYPES];
      List<String> documents = new ArrayList<>();
      for (int i = 0; i < triggers; i++) {
        perType[i % TYPES]++;
        documents.add(Yaml.trigger(namespace, "t" + i, "default", BenchEvents.type(i % TYPES),
            ctx.subscriber().url(path + "t" + i)));
      }
      ctx.log("fanout: %d triggers", triggers);
      long applied = System.nanoTime();
      node.admin().apply(Yaml.documents(documents));
      DeliveryPhase.awaitReady(node, "trigger", namespace, triggers, Duration.ofSeconds(300));
      double readySeconds = (System.nanoTime() - applied) / 1e9;
      long heapAfter = JvmHeap.usedAfterFullGc(node.pid());
      double perTriggerKib = (heapAfter - heapBefore) / 1024.0 / triggers;

      URI target = DeliveryPhase.uri(node.brokerUrl(namespace, "default"));
      BenchEvents events = new BenchEvents(1024, TYPES);
      DeliveryPhase.Expectation expectation = DeliveryPhase.byType(perType);
      // About 2,000 deliveries a second to warm up and start the search from, whatever N is.
      double startRate = EndToEndScenario.WARMUP_RATE / Math.max(1, triggers / (double) TYPES);
      Warmup.run(ctx, node, id() + " " + triggers,
          () -> DeliveryPhase.run(ctx, node, target, events, path, expectation, startRate, config.warmup()));
      RateSearch.Outcome search = RateSearch.find(ctx, node, target, events, path, expectation, startRate,
          ctx.rateCeiling(), "fanout " + triggers);
      RateSearch.Sustained sustained = RateSearch.measure(ctx, node, target, events, path, expectation, search,
          config.duration(), "fanout " + triggers);
      DeliveryRun max = sustained.run();
      String variant = String.format("%,d trigger%s", triggers, triggers == 1 ? "" : "s");
      Figure maxFigure = figure(variant, Figure.MAX, reference, max, JvmHeap.used(node.pid()), sustained.note());
      ctx.log("fanout: %d triggers: %.0f events/s sustained", triggers, max.eventsPerSecond());
      DeliveryRun half = DeliveryPhase.run(ctx, node, target, events, path, expectation, sustained.rate() / 2,
          config.duration());
      Figure halfFigure = figure(variant, Figure.HALF, reference, half, JvmHeap.used(node.pid()), "fixed rate");
      node.admin().delete(Yaml.documents(documents));
      List<String> heapRow = List.of(String.format("%,d", triggers), Format.mebibytes(heapBefore),
          Format.mebibytes(heapAfter), Format.number(perTriggerKib), Format.number(readySeconds));
      return new Result(maxFigure, halfFigure, heapRow, perTriggerKib, max.threadCpu());
    } finally {
      ctx.release(node);
    }
  }

  private static Figure figure(String variant, String phase, boolean reference, DeliveryRun run, long heap,
      String how) {
    String missing = run.missing() == 0 ? "" : String.format("%,d expected deliveries missing; ", run.missing());
    return new Figure(variant, phase, reference, run.eventsPerSecond(), run.latency(), "publish → delivery",
        run.usage(), heap, missing + String.format("%s; %,.0f deliveries/s", how, run.deliveriesPerSecond()));
  }

  private static String method(BenchConfig config) {
    return "One Broker with N Triggers; Trigger i has an exact filter on type i mod 100 and its own subscriber "
        + "path; events cycle through 100 types, so each Trigger matches 1% of them and each event goes to N/100 "
        + "Triggers (or to none, for N < 100). Events/s is the highest fixed publish rate the platform sustains "
        + "(every delivery made, the last within 1 s of the last publish), found as in the end-to-end scenario "
        + "and then run for " + config.duration().toSeconds() + " s; latency at a fixed half of that. "
        + "Heap per idle Trigger: live heap after a full GC (jcmd GC.run, GC.heap_info) with the N Triggers Ready "
        + "and no traffic, minus the same with the Broker alone, over N (three full GCs each, the least kept)."
        + (config.reusePlatform() ? "" : " Each N runs on a fresh platform.");
  }
}
