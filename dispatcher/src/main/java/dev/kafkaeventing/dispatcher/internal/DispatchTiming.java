package dev.kafkaeventing.dispatcher.internal;

import java.time.Duration;

/** Timing constants of the dispatch that the topology's settings depend on. */
public final class DispatchTiming {

  /** How often an idle task drains backlogs (and its consumer's poll waits for new records at most). */
  public static final Duration DRAIN_INTERVAL = Duration.ofMillis(10);

  /** How often a task checks for finished deliveries (the poll returns as one finishes, see {@link Doorbell}). */
  public static final Duration COMPLETION_INTERVAL = Duration.ofMillis(1);

  /**
   * How often a stream with no route moves its held partitions to the end of its topics (a
   * request for the end offsets and a commit each time; see {@link HeldPartitions}).
   */
  public static final Duration IDLE_COMMIT_INTERVAL = Duration.ofSeconds(10);

  private DispatchTiming() {}
}
