package dev.kafkaeventing.dispatcher.internal;

/**
 * Where a queued entry was read from within its stream task: the stream topic or the directed
 * topic (copies addressed to one route: redriven parked events and replays), and the offset
 * there. With the route's uid it names the entry in the delivery queue store.
 *
 * @param source {@link #BROKER} (the stream's first topic), {@link #DIRECTED}, or {@link
 *     #ofTopic(int) the n-th topic} of a stream that reads several
 * @param offset the offset in that source's partition
 */
record EntryRef(int source, long offset) {

  static final int BROKER = 0;
  static final int DIRECTED = 1;

  /**
   * The source of the stream's topic at {@code index}: the same partition and offset in two topics
   * are two entries. The first topic keeps {@link #BROKER}, so one-topic stores read as before.
   */
  static int ofTopic(int index) {
    return index == 0 ? BROKER : index + 1;
  }

  EntryRef {
    if (source < 0 || source > 255) {
      throw new IllegalArgumentException("unknown source " + source);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
  }
}
