package dev.kafkaeventing.dispatcher.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the stream threads of one topology that a delivery, a parking or a read of spilled
 * records finished, so that a thread waiting in its consumer's poll for new records takes the
 * result in within a millisecond instead of at its next poll timeout ({@link
 * DispatchTiming#DRAIN_INTERVAL}): a freed window slot goes to the next event at once.
 *
 * <p>The dispatch {@link #expect expects} each answer before it starts the work and the work's
 * completion {@link #answered rings}; the main consumer listens only while answers are expected
 * (see {@link CommitHookClients}), so an idle topology polls as it would without it.
 * Thread-safe: rung from any thread (HTTP event loops, the backlog reader), read by the stream
 * threads.
 */
final class Doorbell {

  private final AtomicInteger expected = new AtomicInteger();
  private final AtomicLong rings = new AtomicLong();

  /** An answer will come ({@link #answered} must follow, once). */
  void expect() {
    expected.incrementAndGet();
  }

  /** An expected answer came: rings. */
  void answered() {
    expected.decrementAndGet();
    rings.incrementAndGet();
  }

  /** Whether an answer is still to come. */
  boolean expecting() {
    return expected.get() > 0;
  }

  /** How often it rang so far: a listener compares it with what it saw last. */
  long rings() {
    return rings.get();
  }
}
