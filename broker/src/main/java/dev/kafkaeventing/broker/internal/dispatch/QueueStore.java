package dev.kafkaeventing.broker.internal.dispatch;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's delivery queue store with its memory accounted in the data plane's
 * {@link QueueMemoryBudget}. Callers pass an entry's size when they delete it (they know it from
 * when they put or read it), so the per-event path does no extra lookup.
 *
 * <p>Not thread-safe: the stream thread owning the task uses it.
 */
final class QueueStore {

  private final KeyValueStore<Bytes, byte[]> store;
  private final QueueMemoryBudget memory;
  private long held;

  QueueStore(KeyValueStore<Bytes, byte[]> store, QueueMemoryBudget memory) {
    this.store = store;
    this.memory = memory;
  }

  /** The size an entry counts for. */
  static int sizeOf(Bytes key, byte[] entry) {
    return key.get().length + entry.length + QueueMemoryBudget.ENTRY_OVERHEAD;
  }

  void put(Bytes key, byte[] entry) {
    store.put(key, entry);
    hold(sizeOf(key, entry));
  }

  byte[] get(Bytes key) {
    return store.get(key);
  }

  /** Deletes an entry of the given {@link #sizeOf size} (0 when it was not there). */
  void delete(Bytes key, int size) {
    store.delete(key);
    held -= size;
    memory.release(size);
  }

  /** Every entry, for a restored store; each is counted as held. */
  KeyValueIterator<Bytes, byte[]> recover() {
    return store.all();
  }

  void counted(Bytes key, byte[] entry) {
    hold(sizeOf(key, entry));
  }

  /** The task goes away: its entries stay in the store but no longer count here. */
  void releaseAll() {
    memory.release(held);
    held = 0;
  }

  private void hold(int size) {
    held += size;
    memory.hold(size);
  }
}
