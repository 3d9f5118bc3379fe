package dev.kafkaeventing.bench;

/**
 * What the load generator saw in one phase.
 *
 * @param startNanos when the phase began ({@link System#nanoTime()})
 * @param endNanos when its last answer arrived (or its planned end, if later)
 * @param sent events sent
 * @param accepted events answered with 2xx
 * @param rejected events answered with another status
 * @param failed events without an answer (connection failure, timeout)
 * @param latency publish-to-answer latency of the accepted events
 * @param sendLag how late the load generator handed each request to its HTTP client, after it was
 *     due (fixed-rate phases; empty in closed loop): the part of {@code latency} that is the bench's
 *     own, on a busy machine
 */
record PhaseResult(long startNanos, long endNanos, long sent, long accepted, long rejected, long failed,
    LatencySummary latency, LatencySummary sendLag) {

  /** Accepted events per second over the phase. */
  double acceptedPerSecond() {
    double seconds = (endNanos - startNanos) / 1e9;
    return seconds <= 0 ? 0 : accepted / seconds;
  }
}
