package dev.kafkaeventing.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Fan-out: N Triggers on one Broker (N from {@link BenchConfig#fanOut()}, 1, 10, 100, 1,000 by
 * default), each matching 1% of the events, and for N up to {@value FanOutCase#MAX_ALL_MATCH} each
 * matching all of them. Reference: 1 Trigger matching all, whose delivered rate is what the 1% rows'
 * delivered rates are held against. Measures events/s and deliveries/s at the highest sustained
 * rate, publish → delivery latency at half of it, and the heap each idle Trigger costs.
 */
final class FanOutScenario implements Scenario {

  static final String ID = "fanout";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    List<FanOutRun.Result> results = new ArrayList<>();
    for (FanOutCase fanOutCase : FanOutCase.plan(config.fanOut())) {
      results.add(FanOutRun.run(ctx, id(), fanOutCase));
    }
    return result(config, results);
  }

  /** The scenario's report from its runs, the reference first (as {@link FanOutCase#plan} orders them). */
  static ScenarioResult result(BenchConfig config, List<FanOutRun.Result> results) {
    FanOutRun.Result reference = results.get(0);
    if (!reference.fanOutCase().reference()) {
      throw new IllegalArgumentException("the first run must be the reference");
    }
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    table.add(List.of("idle Triggers", "live heap, Broker only (MiB)", "live heap with idle Triggers (MiB)",
        "heap per idle Trigger (KiB)", "apply → all Ready (s)"));
    for (FanOutRun.Result result : results) {
      figures.add(figure(Figure.MAX, result, result.max(), reference.max(), result.maxHeap(), result.howFound()));
      figures.add(figure(Figure.HALF, result, result.half(), reference.half(), result.halfHeap(), "fixed rate"));
      if (result.fanOutCase().measuresIdleHeap()) {
        table.add(result.heapRow());
      }
      notes.add(result.fanOutCase().variant() + ", CPU by thread group at max rate: "
          + Format.threadShares(result.max().threadCpu()) + ".");
    }
    notes.add("Heap after a full GC varies by about a MiB from one measurement to the next: per-trigger figures "
        + "for small N are noise (they can come out negative); the one for the largest N is the figure.");
    notes.add("The events/s column and its ratio to the reference count events published: a 1% row publishes "
        + "many events per delivery (N < 100) or makes several deliveries per event (N > 100), so compare "
        + "deliveries/s (in the note) for the work the dispatch does.");
    return new ScenarioResult(ID, "Fan-out: N Triggers on one Broker, each matching 1% or all", method(config),
        figures, checks(results, reference), notes, table);
  }

  /** The delivered-rate target of the largest 1% case, its events/s reading, and the idle heap target. */
  private static List<TargetCheck> checks(List<FanOutRun.Result> results, FanOutRun.Result reference) {
    FanOutRun.Result largest = results.stream()
        .filter(r -> !r.fanOutCase().matchesAll())
        .max(Comparator.comparingInt(r -> r.fanOutCase().triggers()))
        .orElseThrow();
    int n = largest.fanOutCase().triggers();
    String name = String.format(Locale.ROOT, "%,d trigger%s at 1%% match", n, n == 1 ? "" : "s");
    String against = " ÷ those of 1 trigger matching all";
    return List.of(
        TargetCheck.atLeast("deliveries/s of " + name + against,
            largest.max().deliveriesPerSecond() / reference.max().deliveriesPerSecond(), 0.5, ""),
        TargetCheck.informative("events/s of " + name + against + " (the same runs read by events published)",
            largest.max().eventsPerSecond() / reference.max().eventsPerSecond(), ""),
        TargetCheck.atMost("heap per idle trigger (" + name + ")", largest.heapPerTriggerKib(), 10, " KiB"));
  }

  private static Figure figure(String phase, FanOutRun.Result result, DeliveryRun run, DeliveryRun reference,
      long heap, String how) {
    FanOutCase fanOutCase = result.fanOutCase();
    String missing = run.missing() == 0 ? "" : String.format("%,d expected deliveries missing; ", run.missing());
    String ratio = Format.ratio(run.deliveriesPerSecond() / reference.deliveriesPerSecond());
    String versus = fanOutCase.reference() || ratio.isEmpty() ? "" : ", " + ratio + " the reference's";
    String delivered = String.format("%s; %,.0f deliveries/s (%s per event)%s", how, run.deliveriesPerSecond(),
        perEvent(fanOutCase.deliveriesPerEvent()), versus);
    return new Figure(fanOutCase.variant(), phase, fanOutCase.reference(), run.eventsPerSecond(), run.latency(),
        "publish → delivery", run.usage(), heap, missing + delivered);
  }

  private static String perEvent(double deliveries) {
    return deliveries == Math.rint(deliveries) ? String.format(Locale.ROOT, "%,.0f", deliveries) : Format.number(deliveries);
  }

  private static String method(BenchConfig config) {
    return "One Broker with N Triggers, each with its own subscriber path; events cycle through "
        + FanOutCase.TYPES + " types. 1% match: Trigger i has an exact filter on type i mod " + FanOutCase.TYPES
        + ", so each event goes to N/100 Triggers (or to none, for N < 100). All match: no filter, so each event "
        + "goes to all N Triggers (run up to N = " + FanOutCase.MAX_ALL_MATCH + "). Reference: 1 Trigger matching "
        + "all, measured the same way; the target holds the largest N's deliveries/s at 1% match against its "
        + "deliveries/s (the issue's \"delivered rate\"). Events/s is the highest fixed publish rate the platform "
        + "sustains (every delivery made, the last within 1 s of the last publish), found as in the end-to-end "
        + "scenario and then run for " + config.duration().toSeconds() + " s; deliveries/s over the same time "
        + "is in the note, with its ratio to the reference's; latency at a fixed half of that rate. "
        + "Heap per idle Trigger: live heap after a full GC (jcmd GC.run, GC.heap_info) with the N Triggers Ready "
        + "and no traffic, minus the same with the Broker alone, over N (three full GCs each, the least kept), "
        + "for the 1% runs."
        + (config.reusePlatform() ? "" : " Each case runs on a fresh platform.");
  }
}
