package dev.kafkaeventing.dispatcher.internal;

/**
 * Where a queued entry was read from within its stream task: the stream topic or the directed
 * topic (copies addressed to one route: redriven parked events and replays), and the offset
 * there. With the route's uid it names the entry in the delivery queue store.
 *
 * @param source {@link #BROKER} or {@link #DIRECTED}
 * @param offset the offset in that source's partition
 */
record EntryRef(int source, long offset) {

  static final int BROKER = 0;
  static final int DIRECTED = 1;

  EntryRef {
    if (source != BROKER && source != DIRECTED) {
      throw new IllegalArgumentException("unknown source " + source);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
  }
}
