package dev.kafkaeventing.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link FanOutCase} on its own platform (or the shared one): applies the Broker, measures
 * its live heap, applies the Triggers and measures again, then finds the highest sustained fixed
 * rate, runs it for the configured duration, and runs half of it for latency. Used from the run's one
 * thread; stateless.
 */
final class FanOutRun {

  private FanOutRun() {}

  /**
   * What one case measured.
   *
   * @param heapBefore live heap with the Broker alone, bytes; -1 when not measured
   * @param heapAfter live heap with the Triggers Ready and idle, bytes; -1 when not measured
   * @param readySeconds from applying the Triggers to all of them Ready
   * @param max the full-length run at the highest sustained rate
   * @param maxHeap heap in use after {@code max}
   * @param howFound how that rate was found
   * @param half the run at half that rate
   * @param halfHeap heap in use after {@code half}
   */
  record Result(FanOutCase fanOutCase, long heapBefore, long heapAfter, double readySeconds, DeliveryRun max,
      long maxHeap, String howFound, DeliveryRun half, long halfHeap) {

    /** Heap each idle Trigger added, KiB (noise for small N: it can come out negative). */
    double heapPerTriggerKib() {
      return heapBefore < 0 || heapAfter < 0 ? Double.NaN : (heapAfter - heapBefore) / 1024.0 / fanOutCase.triggers();
    }

    List<String> heapRow() {
      return List.of(fanOutCase.variant(), Format.mebibytes(heapBefore), Format.mebibytes(heapAfter),
          Format.number(heapPerTriggerKib()), Format.number(readySeconds));
    }
  }

  static Result run(BenchContext ctx, String scenario, FanOutCase fanOutCase) throws Exception {
    BenchConfig config = ctx.config();
    int triggers = fanOutCase.triggers();
    String namespace = fanOutCase.namespace();
    String what = scenario + " " + fanOutCase.variant();
    PlatformNode node = ctx.platform(scenario + "-" + triggers + (fanOutCase.matchesAll() ? "-all" : ""));
    try {
      String path = "/" + namespace + "/";
      node.admin().apply(Yaml.broker(namespace, "default"));
      DeliveryPhase.awaitReady(node, "broker", namespace, 1, Duration.ofSeconds(60));
      boolean idleHeap = fanOutCase.measuresIdleHeap();
      long heapBefore = idleHeap ? JvmHeap.usedAfterFullGc(node.pid()) : -1;
      List<String> documents = new ArrayList<>();
      for (int i = 0; i < triggers; i++) {
        documents.add(Yaml.trigger(namespace, "t" + i, "default", fanOutCase.filterType(i),
            ctx.subscriber().url(path + "t" + i)));
      }
      ctx.log("%s", what);
      long applied = System.nanoTime();
      node.admin().apply(Yaml.documents(documents));
      DeliveryPhase.awaitReady(node, "trigger", namespace, triggers, Duration.ofSeconds(300));
      double readySeconds = (System.nanoTime() - applied) / 1e9;
      long heapAfter = idleHeap ? JvmHeap.usedAfterFullGc(node.pid()) : -1;

      URI target = DeliveryPhase.uri(node.brokerUrl(namespace, "default"));
      BenchEvents events = new BenchEvents(1024, FanOutCase.TYPES);
      DeliveryPhase.Expectation expectation = fanOutCase.expectation();
      // About 2,000 deliveries a second to warm up and start the search from, whatever the case.
      double startRate = EndToEndScenario.WARMUP_RATE / Math.max(1, fanOutCase.deliveriesPerEvent());
      Warmup.run(ctx, node, what,
          () -> DeliveryPhase.run(ctx, node, target, events, path, expectation, startRate, config.warmup()));
      RateSearch.Sustained sustained =
          RateSearch.findAndMeasure(ctx, node, target, events, path, expectation, startRate, what);
      DeliveryRun max = sustained.run();
      long maxHeap = JvmHeap.used(node.pid());
      ctx.log("%s: %.0f events/s, %.0f deliveries/s sustained", what, max.eventsPerSecond(),
          max.deliveriesPerSecond());
      DeliveryRun half = DeliveryPhase.run(ctx, node, target, events, path, expectation, sustained.rate() / 2,
          config.duration());
      long halfHeap = JvmHeap.used(node.pid());
      node.admin().delete(Yaml.documents(documents));
      return new Result(fanOutCase, heapBefore, heapAfter, readySeconds, max, maxHeap, sustained.note(), half,
          halfHeap);
    } finally {
      ctx.release(node);
    }
  }
}
