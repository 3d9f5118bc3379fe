package dev.kafkaeventing.dispatcher.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory the delivery queues of a data plane may hold (their stores keep every queued entry in
 * memory), shared by all its tasks. Per-route windows keep a slow subscriber from holding back
 * the others; this budget is the last resort when backlogs grow without end: once it is spent, the
 * stream threads slow down taking new records (every route waits) rather than run out of heap.
 *
 * <p>Thread-safe. Sizes are approximate: key, value and a fixed overhead per entry.
 */
public final class QueueMemoryBudget {

  /** Bookkeeping of the store and the indexes per entry, beyond key and value. */
  static final int ENTRY_OVERHEAD = 96;
  /** The same for a spilled entry, which holds no record (see {@link QueuedEntry#spilled}). */
  static final int SPILLED_OVERHEAD = 112;

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  public QueueMemoryBudget(long limitBytes) {
    if (limitBytes < 1) {
      throw new IllegalArgumentException("limitBytes must be positive");
    }
    this.limit = limitBytes;
  }

  /** A budget of {@code share} of the JVM's maximum heap. */
  public static QueueMemoryBudget ofHeap(double share) {
    return new QueueMemoryBudget((long) (Runtime.getRuntime().maxMemory() * share));
  }

  void hold(long bytes) {
    used.addAndGet(bytes);
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  boolean spent() {
    return used.get() >= limit;
  }

  public long used() {
    return used.get();
  }

  public long limit() {
    return limit;
  }
}
