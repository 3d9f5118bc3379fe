package dev.kafkaeventing.platform.journal;

import dev.kafkaeventing.core.journal.JournalStep;

/**
 * One hop of an event's path and the platform instance that recorded it (a random id per process
 * start, so a restarted instance's earlier hops show under their own id). Immutable.
 */
public record RecordedStep(String writer, JournalStep step) {}
