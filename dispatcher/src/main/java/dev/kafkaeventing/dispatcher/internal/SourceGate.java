package dev.kafkaeventing.dispatcher.internal;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a stream topology reads its source topics now. A Broker or channel with no route has
 * nobody to hand an event to, so its topology holds its source partitions paused instead of
 * fetching, decoding and committing past every record (the directed topic is still read). When
 * the first route arrives the gate opens at the offsets the topics ended at then: the route
 * receives the events written from about its creation on, as it would have from a topology that
 * kept reading and dropping, and not the backlog written while the stream had no route.
 *
 * <p>Written by the control plane ({@link #open}, {@link #close}), read by the topology's main
 * consumer on its stream thread at each poll (see {@link CommitHookClients}). Thread-safe.
 */
public final class SourceGate {

  /** What the stream thread acts on: open or not, and where to start when it opened. */
  record State(boolean open, Map<TopicPartition, Long> startAt, long generation) {}

  private final Set<String> topics;
  private volatile State state = new State(true, Map.of(), 0);
  /** How many source partitions the stream thread holds paused now. */
  private volatile int held;

  /** @param topics the stream's source topics (the ones the gate holds) */
  public SourceGate(Set<String> topics) {
    this.topics = Set.copyOf(topics);
  }

  /** True when the topology fetches its source topics (or will at its next poll). */
  public boolean isOpen() {
    return state.open();
  }

  /** Holds the source partitions from the stream thread's next poll on. */
  public synchronized void close() {
    if (state.open()) {
      state = new State(false, Map.of(), state.generation());
    }
  }

  /**
   * Reads again from the stream thread's next poll on, each held partition from {@code startAt}
   * (when given and ahead of its position: nothing already processed is read twice).
   */
  public synchronized void open(Map<TopicPartition, Long> startAt) {
    if (!state.open()) {
      state = new State(true, Map.copyOf(startAt), state.generation() + 1);
    }
  }

  /** The source partitions the stream thread holds paused now (0 once it read the open gate). */
  public int held() {
    return held;
  }

  void held(int partitions) {
    held = partitions;
  }

  State state() {
    return state;
  }

  boolean holds(TopicPartition partition) {
    return topics.contains(partition.topic());
  }
}
