package dev.kafkaeventing.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs one publish phase of a delivery scenario: publishes (closed loop or at a fixed rate), waits
 * until the subscriber has every expected delivery (or deliveries stop coming), and measures CPU
 * from the first publish to the last delivery.
 */
final class DeliveryPhase {

  /** How many deliveries the events with ids {@code [firstId, firstId + count)} call for. */
  @FunctionalInterface
  interface Expectation {
    long deliveries(long firstId, long count);
  }

  /** Deliveries that stop for this long end the wait (the rest count as missing). */
  private static final Duration STALL = Duration.ofSeconds(15);

  private DeliveryPhase() {}

  /**
   * @param group the subscriber path group of the phase's triggers ("/namespace/")
   * @param ratePerSecond the fixed rate, or NaN for closed loop
   */
  static DeliveryRun run(BenchContext ctx, PlatformNode node, URI target, BenchEvents events, String group,
      Expectation expectation, double ratePerSecond, Duration duration) throws InterruptedException {
    BenchSubscriber subscriber = ctx.subscriber();
    long firstId = ctx.load().nextSequence();
    long start = System.nanoTime();
    subscriber.newPhase(start, firstId);
    Map<Long, Map.Entry<String, Long>> threadsBefore = ThreadCpu.sample(node.pid());
    Measurement measurement = ctx.measure(node);
    PhaseResult publish = Double.isNaN(ratePerSecond)
        ? ctx.load().closedLoop(target, events, duration)
        : ctx.load().fixedRate(target, events, ratePerSecond, duration);
    long expected = expectation.deliveries(firstId, publish.sent());
    DeliveryTally all = subscriber.tally(group);
    boolean complete = Waits.untilOrStalled(() -> all.deliveries() >= expected, all::deliveries, STALL,
        duration.multipliedBy(20).plusSeconds(60));
    Usage usage = measurement.end(publish.accepted());
    Map<String, Double> threadCpu = ThreadCpu.breakdown(threadsBefore, ThreadCpu.sample(node.pid()));
    List<DeliveryTally> paths = subscriber.talliesUnder(group);
    long distinct = paths.stream().mapToLong(DeliveryTally::distinct).sum();
    long duplicates = paths.stream().mapToLong(DeliveryTally::duplicates).sum();
    long last = all.deliveries() == 0 ? publish.endNanos() : Math.max(all.lastDeliveryNanos(), publish.endNanos());
    if (!complete) {
      ctx.log("  only %d of %d expected deliveries arrived", all.deliveries(), expected);
    }
    return new DeliveryRun(publish, expected, all.deliveries(), distinct, duplicates, complete, (last - start) / 1e9,
        all.latency(), usage, threadCpu);
  }

  /** One delivery per event (a single trigger without filter). */
  static Expectation everyEvent() {
    return everyTrigger(1);
  }

  /** {@code triggers} deliveries per event: every trigger matches every event (no filters). */
  static Expectation everyTrigger(int triggers) {
    if (triggers < 1) {
      throw new IllegalArgumentException("triggers must be at least 1");
    }
    return (firstId, count) -> count * triggers;
  }

  /**
   * Events of type {@code id % types}; {@code triggersPerType[t]} triggers match type {@code t}.
   */
  static Expectation byType(int[] triggersPerType) {
    return (firstId, count) -> {
      long total = 0;
      for (long id = firstId; id < firstId + count; id++) {
        total += triggersPerType[(int) (id % triggersPerType.length)];
      }
      return total;
    };
  }

  /** Waits for {@code count} resources of {@code kind} in {@code namespace} to be Ready. */
  static void awaitReady(PlatformNode node, String kind, String namespace, int count, Duration limit)
      throws InterruptedException {
    if (!Waits.until(() -> node.admin().countReady(kind, namespace) >= count, limit, Duration.ofMillis(250))) {
      throw new IllegalStateException("only " + node.admin().countReady(kind, namespace) + " of " + count + " "
          + kind + " in " + namespace + " got ready within " + limit);
    }
  }

  static URI uri(String url) {
    return URI.create(url);
  }
}
