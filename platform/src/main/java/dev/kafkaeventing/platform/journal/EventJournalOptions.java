package dev.kafkaeventing.platform.journal;

import java.time.Duration;

/**
 * How the event journal behind {@code kafka-eventing trace ID} runs, from {@code up}'s flags.
 * Immutable; validated on construction.
 *
 * @param enabled {@code --event-journal on|off}
 * @param retention {@code --event-journal-retention}: how long the journal topic keeps an event's
 *     path, and the oldest an event found by a lookup can be
 * @param maxEvents {@code --event-journal-max-events}: the events the in-memory index holds (the
 *     most recent); this bounds the journal's memory
 */
public record EventJournalOptions(boolean enabled, Duration retention, int maxEvents) {

  /** On, one hour, the last 100,000 events. */
  public static final EventJournalOptions ON = new EventJournalOptions(true, Duration.ofHours(1), 100_000);

  /**
   * Off (the default: on costs about +40% platform CPU per event in docs/perf/event-journal.md):
   * nothing is recorded, lookups answer that the journal is off.
   */
  public static final EventJournalOptions OFF = new EventJournalOptions(false, Duration.ofHours(1), 100_000);

  /** What {@code up} does without flags: {@link #OFF}. */
  public static final EventJournalOptions DEFAULT = OFF;

  public EventJournalOptions {
    if (retention == null || retention.toMillis() < 60_000) {
      throw new IllegalArgumentException("--event-journal-retention must be at least 1m, got " + retention);
    }
    if (maxEvents < 1_000) {
      throw new IllegalArgumentException("--event-journal-max-events must be at least 1000, got " + maxEvents);
    }
  }
}
