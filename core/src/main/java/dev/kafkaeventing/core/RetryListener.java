package dev.kafkaeventing.core;

/**
 * Told as each retry of a subscriber starts, with why the previous attempt failed, so that
 * counters and logs see retries while a delivery is still running.
 *
 * <p>Runs on an event loop: implementations must not block.
 */
@FunctionalInterface
public interface RetryListener {

  RetryListener NONE = (attempt, previousError) -> { };

  /**
   * @param attempt the attempt about to start, 2 for the first retry
   * @param previousError why the previous attempt failed, such as {@code HTTP 503 from http://...}
   */
  void retrying(int attempt, String previousError);
}
