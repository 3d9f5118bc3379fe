package dev.kafkaeventing.core.journal;

/**
 * Where the hops of an event are written down so that its path can be shown later ({@code
 * kafka-eventing trace ID}). Fed only through {@link dev.kafkaeventing.core.tracing.Tracing}, at
 * the same points as the spans, whether or not tracing exports anything.
 *
 * <p>Implementations must be thread-safe and must not block: {@link #record} is called on Netty
 * event loops and stream threads, once per hop of every event.
 */
public interface EventJournal {

  /** Writes nothing. */
  EventJournal OFF = new EventJournal() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public void record(String eventId, JournalStep step) {
    }
  };

  /** Whether {@link #record} keeps anything; callers skip building steps when not. */
  boolean enabled();

  /** Adds one hop to the path of the event {@code eventId}. */
  void record(String eventId, JournalStep step);
}
