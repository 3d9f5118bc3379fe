package dev.kafkaeventing.dispatcher.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The spilled entries of one stream task's routes (see {@link QueuedEntry#spilled}): which route
 * spills, which entries wait to be read again, and the reads under way.
 *
 * <p>A route spills once {@code inMemory} of its entries wait in the task, and goes on spilling
 * until it has no spilled entry left waiting, so everything queued after a spilled entry is
 * spilled too and a far-behind route holds at most {@code inMemory} records plus what it reads
 * ahead: its window's worth, read shortly before their turn, in the order they were queued.
 *
 * <p>Not thread-safe: the task's stream thread calls every method; reads complete on the
 * reader's thread and are handed back through a concurrent queue.
 */
final class BacklogSpill {

  /** How a task finds a spilled entry's record and makes it a queued event again. */
  interface Records {
    TopicPartition partitionOf(EntryRef ref);

    /** The record as it was queued; null when it is not an event (it is then dropped, counted lost). */
    QueuedEvent queued(EntryRef ref, ConsumerRecord<byte[], byte[]> record);
  }

  /** The result of a read: the entries asked for, and the records found or the failure. */
  record Read(List<QueuedEntry> entries, Map<Long, ConsumerRecord<byte[], byte[]>> found, Throwable error) {}

  /** How long reads pause after one failed, so a broken reader is not asked at every drain. */
  private static final long RETRY_NANOS = 1_000_000_000L;

  private final int inMemory;
  private final BacklogReader reader;
  private final Records records;
  private final Doorbell doorbell;
  private final Queue<Read> done = new ConcurrentLinkedQueue<>();
  /** Per route: spilled entries not yet asked for, in the order they were queued. */
  private final Map<String, ArrayDeque<QueuedEntry>> unread = new HashMap<>();
  /** Per route: spilled entries waiting in its backlog (read or not). */
  private final Map<String, Integer> waiting = new HashMap<>();
  /** Per route: entries asked for ahead of their turn and not taken yet. */
  private final Map<String, Integer> ahead = new HashMap<>();
  private long pausedUntil;

  /**
   * @param inMemory entries of a route waiting in the task before further ones spill
   * @param doorbell rung as each read finishes
   */
  BacklogSpill(int inMemory, BacklogReader reader, Records records, Doorbell doorbell) {
    this.inMemory = inMemory;
    this.doorbell = doorbell;
    this.reader = reader;
    this.records = records;
  }

  /** True when a new entry of a route with {@code backlogWaiting} entries waiting should spill. */
  boolean shouldSpill(String uid, int backlogWaiting) {
    return backlogWaiting >= inMemory || waiting.containsKey(uid);
  }

  /** A spilled entry joins its route's backlog (newly queued, restored or put back). */
  void added(QueuedEntry entry) {
    waiting.merge(entry.uid(), 1, Integer::sum);
    if (entry.load() == QueuedEntry.Load.UNLOADED) {
      unread.computeIfAbsent(entry.uid(), u -> new ArrayDeque<>()).addLast(entry);
    }
  }

  /** A spilled entry left its route's backlog: taken to be sent, or dropped. */
  void taken(QueuedEntry entry) {
    String uid = entry.uid();
    waiting.computeIfPresent(uid, (u, n) -> n > 1 ? n - 1 : null);
    notAhead(entry);
    if (!waiting.containsKey(uid)) {
      unread.remove(uid);
      ahead.remove(uid);
    }
  }

  /**
   * Asks for the next spilled entries of a route, up to {@code window} ahead of their turn, once
   * no more than half a window of them is asked for.
   */
  void readAhead(String uid, int window) {
    ArrayDeque<QueuedEntry> queue = unread.get(uid);
    if (queue == null || System.nanoTime() < pausedUntil) {
      return;
    }
    int asked = ahead.getOrDefault(uid, 0);
    if (asked > window / 2) {
      // Read in batches of at least half a window: one read per entry taken would fetch a whole
      // batch of the topic for each.
      return;
    }
    int room = window - asked;
    List<QueuedEntry> next = new ArrayList<>();
    while (room > 0 && !queue.isEmpty()) {
      QueuedEntry entry = queue.pollFirst();
      if (entry.load() == QueuedEntry.Load.UNLOADED && !entry.settled()) {
        entry.readAhead(true);
        next.add(entry);
        room--;
      }
    }
    if (queue.isEmpty()) {
      unread.remove(uid);
    }
    if (!next.isEmpty()) {
      ahead.merge(uid, next.size(), Integer::sum);
      read(next);
    }
  }

  /** Reads entries taken before their turn came to be read ahead (an ordered lane went first). */
  void readNow(QueuedEntry entry) {
    read(List.of(entry));
  }

  /** Reads that finished since the last call. */
  Read nextDone() {
    return done.poll();
  }

  /** Whether a read finished that {@link #nextDone} has not handed out. */
  boolean hasDone() {
    return !done.isEmpty();
  }

  /** A read failed: its entries wait to be asked for again, in order, after a pause. */
  void failed(List<QueuedEntry> entries) {
    pausedUntil = System.nanoTime() + RETRY_NANOS;
    for (int i = entries.size() - 1; i >= 0; i--) {
      QueuedEntry entry = entries.get(i);
      if (entry.settled() || entry.load() != QueuedEntry.Load.LOADING) {
        continue;
      }
      entry.unloaded();
      if (!entry.sendWhenLoaded()) {
        notAhead(entry);
        unread.computeIfAbsent(entry.uid(), u -> new ArrayDeque<>()).addFirst(entry);
      }
    }
  }

  QueuedEvent queued(QueuedEntry entry, ConsumerRecord<byte[], byte[]> record) {
    return records.queued(entry.ref(), record);
  }

  /** The task closes: reads under way are ignored. */
  void clear() {
    unread.clear();
    waiting.clear();
    ahead.clear();
    done.clear();
  }

  private void notAhead(QueuedEntry entry) {
    if (entry.readAhead()) {
      entry.readAhead(false);
      ahead.computeIfPresent(entry.uid(), (u, n) -> n > 1 ? n - 1 : null);
    }
  }

  private void read(List<QueuedEntry> entries) {
    Map<TopicPartition, List<QueuedEntry>> byPartition = new LinkedHashMap<>();
    for (QueuedEntry entry : entries) {
      entry.loading();
      byPartition.computeIfAbsent(records.partitionOf(entry.ref()), p -> new ArrayList<>()).add(entry);
    }
    byPartition.forEach((partition, mine) -> {
      long[] offsets = mine.stream().mapToLong(entry -> entry.ref().offset()).sorted().distinct().toArray();
      doorbell.expect();
      reader.read(partition, offsets).whenComplete((found, error) -> {
        done.add(new Read(mine, found, error));
        doorbell.answered();
      });
    });
  }
}
