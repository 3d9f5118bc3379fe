package dev.kafkaeventing.bench;

import java.util.Objects;

/**
 * One measured row of a scenario: a variant (the system under test or its reference) in one phase
 * ({@link #MAX}: closed loop, as fast as it goes; {@link #HALF}: fixed rate at half the max, for
 * latency). Ratios are taken against the scenario's reference row of the same phase.
 *
 * @param variant what ran ("platform ingress", "Kafka ProducerPerformance", "1,000 triggers", ...)
 * @param phase {@link #MAX}, {@link #HALF} or another label
 * @param reference whether this row is the scenario's reference
 * @param eventsPerSecond throughput (what counts is in {@code note})
 * @param latency latency percentiles; {@link LatencySummary#EMPTY} when not measured
 * @param latencyOf what the latency spans ("publish → 202", "publish → delivery")
 * @param usage CPU and memory over the phase; null when not measured (e.g. a tool's own figures)
 * @param heapBytes the platform's heap in use at the end of the phase; -1 when not measured
 * @param note anything needed to read the row right
 */
record Figure(String variant, String phase, boolean reference, double eventsPerSecond, LatencySummary latency,
    String latencyOf, Usage usage, long heapBytes, String note) {

  static final String MAX = "max";
  static final String HALF = "half";

  Figure {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(latency, "latency");
    latencyOf = latencyOf == null ? "" : latencyOf;
    note = note == null ? "" : note;
  }
}
