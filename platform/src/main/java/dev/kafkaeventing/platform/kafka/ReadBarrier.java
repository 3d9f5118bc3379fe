package dev.kafkaeventing.platform.kafka;

import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Futures that complete once the tailing thread has read past a given offset: what turns an
 * acknowledged write into a write its writer can read back.
 *
 * <p>Thread-safe. {@link #whenRead} runs on producer callback threads, {@link #advance} on the
 * tailing thread. Each side publishes its own state before looking at the other's (a waiter is
 * registered before the position is checked; the position is raised before waiters are
 * collected), so no waiter is missed whichever side comes second.
 */
final class ReadBarrier {

  private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
  private final Map<Integer, NavigableMap<Long, CompletableFuture<Void>>> waiters =
      new ConcurrentHashMap<>();
  private volatile Throwable failure;

  /** A future completing once the record at {@code offset} of {@code partition} has been read. */
  CompletableFuture<Void> whenRead(int partition, long offset) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    waiters.computeIfAbsent(partition, p -> new ConcurrentSkipListMap<>()).put(offset, future);
    if (positions.getOrDefault(partition, 0L) > offset) {
      complete(partition, offset, future);
    } else if (failure != null) {
      future.completeExceptionally(failure);
      waiters.get(partition).remove(offset);
    }
    return future;
  }

  /** Records that every offset before {@code position} of {@code partition} has been read. */
  void advance(int partition, long position) {
    positions.merge(partition, position, Math::max);
    NavigableMap<Long, CompletableFuture<Void>> pending = waiters.get(partition);
    if (pending == null) {
      return;
    }
    for (Map.Entry<Long, CompletableFuture<Void>> entry : pending.headMap(position).entrySet()) {
      complete(partition, entry.getKey(), entry.getValue());
    }
  }

  /** Fails every pending and future waiter, for when nothing will be read any more. */
  void failAll(Throwable cause) {
    failure = cause;
    for (NavigableMap<Long, CompletableFuture<Void>> pending : waiters.values()) {
      pending.values().forEach(future -> future.completeExceptionally(cause));
      pending.clear();
    }
  }

  private void complete(int partition, long offset, CompletableFuture<Void> future) {
    waiters.get(partition).remove(offset, future);
    future.complete(null);
  }
}
