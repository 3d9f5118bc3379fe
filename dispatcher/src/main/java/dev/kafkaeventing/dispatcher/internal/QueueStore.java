package dev.kafkaeventing.dispatcher.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The queued entries of one stream task, kept durable by a compacted changelog that holds only what
 * was still unsettled when an offset commit happened.
 *
 * <p>Entries live in memory. Kafka Streams creates the changelog topic and restores it into
 * {@link #restored()} before the task's processor starts; writing it is this store's own business:
 * before each offset commit the {@link QueueLog} writes {@link #drainChanges the changes} since the
 * previous one — entries added and still unsettled, and tombstones of logged entries settled since —
 * and waits for Kafka's acknowledgement. An event delivered between two commits, the common case,
 * is never written. After a crash the next owner restores what was unsettled at the last commit
 * and re-reads everything after it, so nothing is lost.
 *
 * <p>Memory is accounted in the data plane's {@link QueueMemoryBudget}. Not thread-safe: the stream
 * thread owning the task uses it (restore, processing and the commit all run there).
 */
final class QueueStore implements StateStore {

  private final String name;
  private final QueueMemoryBudget memory;
  private final Map<Bytes, byte[]> restored = new LinkedHashMap<>();
  /** Entries added since the last commit, oldest first; settled ones may linger until it (never written). */
  private ArrayDeque<QueuedEntry> added = new ArrayDeque<>();
  private List<Bytes> tombstones = new ArrayList<>();
  private int partition = -1;
  private int live;
  private long held;
  private boolean open;

  QueueStore(String name, QueueMemoryBudget memory) {
    this.name = name;
    this.memory = memory;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    partition = context.taskId().partition();
    context.register(root, (key, value) -> {
      if (value == null) {
        restored.remove(Bytes.wrap(key));
      } else {
        restored.put(Bytes.wrap(key), value);
      }
    });
    open = true;
  }

  /** The task's partition: the changelog partition its entries are written to. */
  int partition() {
    return partition;
  }

  /** The entries the changelog held when the task started, in log order; taken once. */
  Map<Bytes, byte[]> restored() {
    return restored;
  }

  /** Adds an entry; an entry restored from the changelog is already {@code logged}. */
  void add(QueuedEntry entry) {
    live++;
    held += entry.bytes();
    memory.hold(entry.bytes());
    if (!entry.logged()) {
      // Entries mostly settle in the order they came: those settled at the head leave now, one
      // look each, so a whole-list sweep is needed only behind an entry that stays (a slow route).
      QueuedEntry oldest;
      while ((oldest = added.peekFirst()) != null && oldest.settled()) {
        added.pollFirst();
      }
      added.addLast(entry);
      if (added.size() > 2 * live + 1024) {
        added.removeIf(QueuedEntry::settled);
      }
    }
  }

  /** Removes a settled (or dropped) entry; a logged one is tombstoned at the next commit. */
  void remove(QueuedEntry entry) {
    if (entry.settled()) {
      return;
    }
    entry.markSettled();
    live--;
    held -= entry.bytes();
    memory.release(entry.bytes());
    if (entry.logged()) {
      tombstones.add(entry.logKey());
      entry.markLogged(false);
    }
  }

  /** A spilled entry's record was read again: it now holds that much more memory. */
  void loaded(QueuedEntry entry, QueuedEvent record) {
    int more = entry.loaded(record);
    held += more;
    memory.hold(more);
  }

  /** Unsettled entries. */
  int size() {
    return live;
  }

  /**
   * Hands the changes since the last call to {@code write} — tombstones first, then entries added
   * and still unsettled (each marked logged) — and forgets them.
   */
  void drainChanges(BiConsumer<Bytes, QueuedEntry> write) {
    List<Bytes> gone = tombstones;
    ArrayDeque<QueuedEntry> fresh = added;
    tombstones = new ArrayList<>();
    added = new ArrayDeque<>();
    for (Bytes key : gone) {
      write.accept(key, null);
    }
    for (QueuedEntry entry : fresh) {
      if (!entry.settled() && !entry.logged()) {
        entry.markLogged(true);
        write.accept(entry.logKey(), entry);
      }
    }
  }

  /** The task goes away: its entries stay in the changelog but no longer count here. */
  void releaseAll() {
    memory.release(held);
    held = 0;
    live = 0;
  }

  @Override
  public void flush() {
    // Written before each offset commit by the QueueLog, not here (this runs after the commit).
  }

  @Override
  public void close() {
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  /** Builds a task's store; the changelog is compacted (Kafka Streams' default for a key-value log). */
  static final class Builder implements StoreBuilder<QueueStore> {

    private final String name;
    private final QueueMemoryBudget memory;
    private final Map<String, String> logConfig = Map.of();

    Builder(String name, QueueMemoryBudget memory) {
      this.name = name;
      this.memory = memory;
    }

    @Override
    public StoreBuilder<QueueStore> withCachingEnabled() {
      return this;
    }

    @Override
    public StoreBuilder<QueueStore> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<QueueStore> withLoggingEnabled(Map<String, String> config) {
      throw new UnsupportedOperationException("the delivery queue is always logged");
    }

    @Override
    public StoreBuilder<QueueStore> withLoggingDisabled() {
      throw new UnsupportedOperationException("the delivery queue is always logged");
    }

    @Override
    public QueueStore build() {
      return new QueueStore(name, memory);
    }

    @Override
    public Map<String, String> logConfig() {
      return logConfig;
    }

    @Override
    public boolean loggingEnabled() {
      return true;
    }

    @Override
    public String name() {
      return name;
    }
  }
}
