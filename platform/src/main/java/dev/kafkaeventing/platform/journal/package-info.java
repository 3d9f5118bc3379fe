/**
 * The event journal behind {@code kafka-eventing trace ID}: {@link
 * dev.kafkaeventing.platform.journal.KafkaEventJournal} receives each hop from the tracing facade,
 * keeps the recent paths in a bounded in-memory index and one compacted record per event in the
 * topic {@code <instance-name>.event-journal}; {@link
 * dev.kafkaeventing.platform.journal.EventJournalOptions} are {@code up}'s flags.
 */
package dev.kafkaeventing.platform.journal;
