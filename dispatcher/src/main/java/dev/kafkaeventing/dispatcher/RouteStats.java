package dev.kafkaeventing.dispatcher;

/**
 * Delivery counters of one route on this instance, since the platform started.
 *
 * @param delivered events accepted by the subscriber
 * @param retried attempts beyond the first
 * @param deadLettered events sent to the dead letter sink
 * @param failed events whose retries and dead letter sink were exhausted
 * @param pending events queued or in flight right now
 * @param lost events of a backlog kept as offsets whose record was gone from the topic (deleted by
 *     retention) when their turn came: never delivered
 */
public record RouteStats(long delivered, long retried, long deadLettered, long failed, long pending, long lost) {

  public static final RouteStats EMPTY = new RouteStats(0, 0, 0, 0, 0, 0);

  public RouteStats(long delivered, long retried, long deadLettered, long failed, long pending) {
    this(delivered, retried, deadLettered, failed, pending, 0);
  }
}
