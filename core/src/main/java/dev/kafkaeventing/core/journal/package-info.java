/**
 * The event journal's port: the hops of each event ({@link dev.kafkaeventing.core.journal.JournalStep})
 * handed to an {@link dev.kafkaeventing.core.journal.EventJournal} by the tracing facade. The
 * implementation that keeps them in Kafka lives in {@code platform}.
 */
package dev.kafkaeventing.core.journal;
