package dev.kafkaeventing.dispatcher;

/**
 * Counters of one stream (a Broker's or a channel's topic) on this instance, since the platform
 * started. Immutable.
 *
 * @param notCloudEvents records of the stream's topic that are not valid CloudEvents and were
 *     skipped (counted while the stream has at least one route)
 */
public record StreamStats(long notCloudEvents) {

  public static final StreamStats EMPTY = new StreamStats(0);
}
