package dev.kafkaeventing.dispatcher.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entries of one route in one stream task that wait for their turn, in the order they may
 * go out, plus the lanes that have an event in flight.
 *
 * <p>An unordered entry ({@code lane == null}) waits in one FIFO. An ordered entry waits on its
 * lane (the record key, or {@link #NO_KEY}): a lane sends one event at a time, the next only once
 * the previous is settled, while other lanes go on. {@code ready} holds exactly the lanes that are
 * not busy and have something waiting, so picking the next entry never scans a blocked lane.
 *
 * <p>Only the entries live in the store; this is an in-memory index of them, rebuilt from the store
 * when a task starts. Not thread-safe: the stream thread of the task owns it.
 */
final class RouteBacklog<E> {

  /** The lane of ordered events without a record key: they are ordered per partition. */
  static final Object NO_KEY = new Object() {
    @Override
    public String toString() {
      return "<no key>";
    }
  };

  /** An entry picked to go out, and its lane (null when unordered). */
  record Next<E>(E entry, Object lane) {}

  private final ArrayDeque<E> unordered = new ArrayDeque<>();
  private final Map<Object, ArrayDeque<E>> lanes = new HashMap<>();
  private final Set<Object> busy = new HashSet<>();
  private final ArrayDeque<Object> ready = new ArrayDeque<>();
  private int waiting;

  /** True when a new entry on {@code lane} may go out at once without overtaking another one. */
  boolean canBypass(Object lane) {
    return lane == null ? unordered.isEmpty() : !busy.contains(lane) && !lanes.containsKey(lane);
  }

  /** Queues an entry behind those of its lane. */
  void add(E entry, Object lane) {
    waiting++;
    if (lane == null) {
      unordered.addLast(entry);
      return;
    }
    ArrayDeque<E> queue = lanes.get(lane);
    if (queue == null) {
      queue = new ArrayDeque<>();
      lanes.put(lane, queue);
      if (!busy.contains(lane)) {
        ready.addLast(lane);
      }
    }
    queue.addLast(entry);
  }

  /** Puts an entry that was in flight back at the head of its lane (its delivery ended abnormally). */
  void putBack(E entry, Object lane) {
    waiting++;
    if (lane == null) {
      unordered.addFirst(entry);
      return;
    }
    busy.remove(lane);
    ArrayDeque<E> queue = lanes.computeIfAbsent(lane, l -> new ArrayDeque<>());
    queue.addFirst(entry);
    ready.addFirst(lane);
  }

  /** Marks a lane busy: an entry that bypassed the backlog is in flight on it. */
  void started(Object lane) {
    if (lane != null) {
      busy.add(lane);
    }
  }

  /** The in-flight entry of a lane is settled: the lane's next entry may go. */
  void settled(Object lane) {
    if (lane != null && busy.remove(lane) && lanes.containsKey(lane)) {
      ready.addLast(lane);
    }
  }

  boolean hasNext() {
    return !ready.isEmpty() || !unordered.isEmpty();
  }

  /** Takes the next entry that may go out, marking its lane busy; call only after {@link #hasNext}. */
  Next<E> take() {
    waiting--;
    Object lane = ready.pollFirst();
    if (lane == null) {
      return new Next<>(unordered.pollFirst(), null);
    }
    ArrayDeque<E> queue = lanes.get(lane);
    E entry = queue.pollFirst();
    if (queue.isEmpty()) {
      lanes.remove(lane);
    }
    busy.add(lane);
    return new Next<>(entry, lane);
  }

  /** Removes and returns every waiting entry (the route is gone); busy lanes stay busy. */
  List<E> takeAllWaiting() {
    List<E> all = new ArrayList<>(unordered);
    lanes.values().forEach(all::addAll);
    unordered.clear();
    lanes.clear();
    ready.clear();
    waiting = 0;
    return all;
  }

  int waiting() {
    return waiting;
  }

  /** Nothing waits and nothing is in flight on a lane: the backlog may be forgotten. */
  boolean isIdle() {
    return waiting == 0 && busy.isEmpty();
  }
}
