package dev.kafkaeventing.platform.journal;

import dev.kafkaeventing.core.journal.JournalStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paths of the most recent events, by event id, each as the steps every instance ("writer")
 * recorded for it. Bounded: at most {@code maxEvents} events (the oldest first seen is dropped
 * first) and {@link #MAX_STEPS} steps per writer and event (later ones are counted, not kept).
 * Also tracks which events this instance changed since the last {@link #drainDirty}.
 *
 * <p>Thread-safe: one lock, held only for a map update, so that recording on an event loop or a
 * stream thread never waits for Kafka.
 */
final class JournalIndex {

  /** Steps kept per writer and event: a path longer than this is a retry storm, and its end is what matters least. */
  static final int MAX_STEPS = 64;

  /** One event's path. Guarded by the index's lock. */
  static final class Path {
    final Map<String, List<JournalStep>> byWriter = new LinkedHashMap<>(2);
    int dropped;
  }

  private final int maxEvents;
  private final Map<String, Path> paths;
  private final Set<String> dirty = new LinkedHashSet<>();

  JournalIndex(int maxEvents) {
    this.maxEvents = maxEvents;
    this.paths = new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Path> eldest) {
        if (size() > JournalIndex.this.maxEvents) {
          dirty.remove(eldest.getKey());
          return true;
        }
        return false;
      }
    };
  }

  /** Adds a step this instance recorded and marks the event to be written. */
  synchronized void add(String eventId, String writer, JournalStep step) {
    Path path = paths.computeIfAbsent(eventId, id -> new Path());
    List<JournalStep> steps = path.byWriter.computeIfAbsent(writer, w -> new ArrayList<>(6));
    if (steps.size() < MAX_STEPS) {
      steps.add(step);
    } else {
      path.dropped++;
    }
    dirty.add(eventId);
  }

  /** Replaces what {@code writer} recorded for an event: its latest record read from the journal topic. */
  synchronized void put(String eventId, String writer, List<JournalStep> steps) {
    paths.computeIfAbsent(eventId, id -> new Path()).byWriter.put(writer, List.copyOf(steps));
  }

  /** The events this instance changed since the last call, with a copy of its steps for each. */
  synchronized Map<String, List<JournalStep>> drainDirty(String writer) {
    Map<String, List<JournalStep>> changed = new LinkedHashMap<>(dirty.size() * 2);
    for (String id : dirty) {
      Path path = paths.get(id);
      List<JournalStep> steps = path == null ? null : path.byWriter.get(writer);
      if (steps != null) {
        changed.put(id, List.copyOf(steps));
      }
    }
    dirty.clear();
    return changed;
  }

  /**
   * Every step recorded for the event by any instance, in time order (steps of one millisecond in
   * the order an event travels); empty when unknown.
   */
  synchronized List<RecordedStep> lookup(String eventId) {
    Path path = paths.get(eventId);
    if (path == null) {
      return List.of();
    }
    List<RecordedStep> all = new ArrayList<>();
    path.byWriter.forEach((writer, steps) -> steps.forEach(step -> all.add(new RecordedStep(writer, step))));
    all.sort(Comparator.comparingLong((RecordedStep s) -> s.step().timeMillis())
        .thenComparingInt(s -> travelOrder(s.step().hop())));
    return all;
  }

  /** Where a hop comes in an event's path: accepted, matched, attempts and replies, dead letter. */
  private static int travelOrder(String hop) {
    return switch (hop) {
      case "accepted" -> 0;
      case "matched" -> 1;
      case "dead-letter" -> 3;
      default -> 2;
    };
  }

  synchronized int size() {
    return paths.size();
  }
}
