package dev.kafkaeventing.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Polling waits for conditions in other processes (readiness, deliveries). The harness is a
 * program, not a test, so it polls itself rather than pulling in a test library.
 */
final class Waits {

  private static final long POLL_MILLIS = 20;

  private Waits() {}

  /** Polls every 20 ms until {@code done}; false when {@code limit} passed first. */
  static boolean until(BooleanSupplier done, Duration limit) throws InterruptedException {
    return until(done, limit, Duration.ofMillis(POLL_MILLIS));
  }

  /** Polls every {@code poll} until {@code done}; false when {@code limit} passed first. */
  static boolean until(BooleanSupplier done, Duration limit, Duration poll) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(poll.toMillis());
    }
    return true;
  }

  /**
   * Polls until {@code done}, giving up when {@code progress} has not changed for {@code stall} or
   * {@code limit} has passed; false when it gave up.
   */
  static boolean untilOrStalled(BooleanSupplier done, LongSupplier progress, Duration stall, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    long last = progress.getAsLong();
    long lastChange = System.nanoTime();
    while (!done.getAsBoolean()) {
      long now = System.nanoTime();
      long current = progress.getAsLong();
      if (current != last) {
        last = current;
        lastChange = now;
      }
      if (now > deadline || now - lastChange > stall.toNanos()) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return true;
  }
}
