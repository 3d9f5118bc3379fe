package dev.kafkaeventing.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run of the fan-out scenario: {@code triggers} Triggers on one Broker, each matching 1% of the
 * events (Trigger {@code i} has an exact filter on type {@code i % 100}, events cycle through 100
 * types) or each matching all of them (no filter). Immutable.
 *
 * @param triggers how many Triggers
 * @param matchesAll whether every Trigger matches every event (else each matches 1%)
 * @param reference whether this is the scenario's reference (1 Trigger matching all)
 */
record FanOutCase(int triggers, boolean matchesAll, boolean reference) {

  /** Event types the events cycle through; a 1% Trigger matches one of them. */
  static final int TYPES = 100;
  /**
   * The most Triggers run with every Trigger matching all: beyond that each event makes more
   * deliveries than a 2-core machine carries at any meaningful rate.
   */
  static final int MAX_ALL_MATCH = 100;

  FanOutCase {
    if (triggers < 1) {
      throw new IllegalArgumentException("triggers must be at least 1");
    }
    if (reference && (triggers != 1 || !matchesAll)) {
      throw new IllegalArgumentException("the reference is 1 Trigger matching all");
    }
  }

  /**
   * The runs for the trigger counts {@code fanOut}, in order: the reference (1 Trigger matching
   * all), every count at 1% match, then every count from 2 to {@value #MAX_ALL_MATCH} with all
   * matching (1 Trigger matching all being the reference).
   */
  static List<FanOutCase> plan(List<Integer> fanOut) {
    List<FanOutCase> cases = new ArrayList<>();
    cases.add(new FanOutCase(1, true, true));
    for (int triggers : fanOut) {
      cases.add(new FanOutCase(triggers, false, false));
    }
    for (int triggers : fanOut) {
      if (triggers > 1 && triggers <= MAX_ALL_MATCH) {
        cases.add(new FanOutCase(triggers, true, false));
      }
    }
    return List.copyOf(cases);
  }

  /**
   * Whether the run measures the heap of its idle Triggers: the 1% runs do (the per-Trigger
   * figure); the all-match runs would only repeat it at the cost of six full collections.
   */
  boolean measuresIdleHeap() {
    return !matchesAll;
  }

  /** The row's name in the report: "1,000 triggers, 1% match", "1 trigger, all match". */
  String variant() {
    return String.format(Locale.ROOT, "%,d trigger%s, %s match", triggers, triggers == 1 ? "" : "s", matchesAll ? "all" : "1%");
  }

  /** The namespace of the run's Broker and Triggers (distinct per case, for a shared platform). */
  String namespace() {
    return "bench-fanout-" + triggers + (matchesAll ? "-all" : "");
  }

  /** The exact type Trigger {@code index} filters on, or null for no filter. */
  String filterType(int index) {
    return matchesAll ? null : BenchEvents.type(index % TYPES);
  }

  /** Deliveries each event calls for on average: N for all match, N/100 for 1%. */
  double deliveriesPerEvent() {
    return matchesAll ? triggers : triggers / (double) TYPES;
  }

  /** The deliveries a phase's events call for. */
  DeliveryPhase.Expectation expectation() {
    if (matchesAll) {
      return DeliveryPhase.everyTrigger(triggers);
    }
    int[] perType = new int[TYPES];
    for (int i = 0; i < triggers; i++) {
      perType[i % TYPES]++;
    }
    return DeliveryPhase.byType(perType);
  }
}
