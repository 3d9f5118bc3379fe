package dev.kafkaeventing.bench;

import java.util.Map;

/**
 * What one publish phase of a delivery scenario measured at the publisher and at the subscriber.
 *
 * @param publish the load generator's view (publish → 202)
 * @param expected deliveries the filters call for, given the events sent
 * @param deliveries deliveries received (duplicates included)
 * @param distinct distinct (path, event) deliveries; -1 when ids were not tracked
 * @param duplicates deliveries of an event a path had already received
 * @param complete whether every expected delivery arrived before the wait gave up
 * @param seconds from the phase's start to its last delivery
 * @param latency publish → delivery over all paths of the phase
 * @param usage resources over the phase, per event published
 * @param threadCpu the platform's CPU seconds per thread group over the phase
 */
record DeliveryRun(PhaseResult publish, long expected, long deliveries, long distinct, long duplicates,
    boolean complete, double seconds, LatencySummary latency, Usage usage, Map<String, Double> threadCpu) {

  /** Events published (accepted) per second, over the time until the last delivery. */
  double eventsPerSecond() {
    return seconds <= 0 ? 0 : publish.accepted() / seconds;
  }

  /** Deliveries per second, over the same time. */
  double deliveriesPerSecond() {
    return seconds <= 0 ? 0 : deliveries / seconds;
  }

  /** Expected deliveries that never arrived (events accepted but not delivered). */
  long missing() {
    return distinct < 0 ? Math.max(0, expected - deliveries) : Math.max(0, expected - distinct);
  }
}
