package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.platform.journal.EventJournalOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code up}'s event journal: on or off, how long and how many paths it keeps. */
public final class EventJournalCliOptions {

  @Option(names = "--event-journal", defaultValue = "off", paramLabel = "on|off",
      description = "Keep each event's path (accepted, matched, attempts, replies, dead letter, parked) for "
          + "`kafka-eventing trace ID`, in the topic <instance-name>.event-journal (default: ${DEFAULT-VALUE}).")
  String eventJournal;

  @Option(names = "--event-journal-retention", defaultValue = "1h", converter = DurationConverter.class,
      paramLabel = "DURATION", description = "How long the event journal keeps a path (default: ${DEFAULT-VALUE}).")
  Duration eventJournalRetention;

  @Option(names = "--event-journal-max-events", defaultValue = "100000", paramLabel = "N",
      description = "The most recent events whose paths are held in memory for lookups (default: ${DEFAULT-VALUE}).")
  int eventJournalMaxEvents;


  /** @throws IllegalArgumentException naming the flag whose value cannot be used */
  EventJournalOptions options() {
    if (!eventJournal.equals("on") && !eventJournal.equals("off")) {
      throw new IllegalArgumentException("--event-journal must be on or off, got " + eventJournal);
    }
    return new EventJournalOptions(eventJournal.equals("on"), eventJournalRetention, eventJournalMaxEvents);
  }
}
