package dev.kafkaeventing.dispatcher.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one log line through per interval and counts the occurrences in between, so that a line
 * can say how many it stands for. Thread-safe and lock-free.
 */
final class LogThrottle {

  /** The interval of the data plane's rate-limited log lines. */
  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final LongSupplier nanoClock;
  private final long intervalNanos;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong nextAt;

  LogThrottle(LongSupplier nanoClock, long intervalNanos) {
    this.nanoClock = nanoClock;
    this.intervalNanos = intervalNanos;
    this.nextAt = new AtomicLong(nanoClock.getAsLong());
  }

  /**
   * Counts one occurrence; returns how many occurrences the line to write now stands for
   * (this one included), or 0 when no line is due.
   */
  long occurred() {
    long count = pending.incrementAndGet();
    long now = nanoClock.getAsLong();
    long due = nextAt.get();
    if (now - due >= 0 && nextAt.compareAndSet(due, now + intervalNanos)) {
      pending.addAndGet(-count);
      return count;
    }
    return 0;
  }
}
