package dev.kafkaeventing.broker;

/**
 * Delivery counters of one Trigger on this instance, since the platform started.
 *
 * @param delivered events accepted by the subscriber
 * @param retried attempts beyond the first
 * @param deadLettered events sent to the dead letter sink
 * @param failed events whose retries and dead letter sink were exhausted
 * @param pending events queued or in flight right now
 */
public record TriggerStats(long delivered, long retried, long deadLettered, long failed, long pending) {

  public static final TriggerStats EMPTY = new TriggerStats(0, 0, 0, 0, 0);
}
