package dev.kafkaeventing.dispatcher.internal;

/**
 * How many of a stream's source partitions Kafka Streams assigns to this instance, of how many:
 * the share of a route's own limits this instance applies. Immutable.
 *
 * @param assigned the source partitions of the stream's active tasks here
 * @param total the source partitions of the stream (every topic it reads)
 */
public record PartitionShare(int assigned, int total) {

  /** Before the first assignment is known: the whole limits. */
  public static final PartitionShare UNKNOWN = new PartitionShare(0, 0);

  public PartitionShare {
    if (assigned < 0 || total < 0 || assigned > total) {
      throw new IllegalArgumentException("assigned must be in [0, total], got " + assigned + " of " + total);
    }
  }

  /**
   * {@code assigned / total}; 1 before the assignment is known and while none is assigned here (no
   * event of the stream's topics arrives here then; directed ones — replays, redrives — get the
   * whole limits).
   */
  public double fraction() {
    return assigned == 0 ? 1 : (double) assigned / total;
  }

  @Override
  public String toString() {
    return total == 0 ? "unknown" : assigned + " of " + total;
  }
}
