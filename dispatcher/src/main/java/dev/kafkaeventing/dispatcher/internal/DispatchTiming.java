package dev.kafkaeventing.dispatcher.internal;

import java.time.Duration;

/** Timing constants of the dispatch that the topology's settings depend on. */
public final class DispatchTiming {

  /** How often an idle task takes in completions and drains backlogs. */
  public static final Duration DRAIN_INTERVAL = Duration.ofMillis(10);

  private DispatchTiming() {}
}
