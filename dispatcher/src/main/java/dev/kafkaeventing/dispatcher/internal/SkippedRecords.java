package dev.kafkaeventing.dispatcher.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the records of one stream that are not CloudEvents and logs them at WARN with topic,
 * partition and offset, at most one line per {@link LogThrottle#INTERVAL_NANOS} saying how many
 * were skipped since the previous line, so a topic full of foreign records cannot flood the log.
 *
 * <p>Thread-safe: {@link #skipped} runs on the stream threads of the stream's tasks,
 * {@link #count} on any thread.
 */
public final class SkippedRecords {

  private static final Logger LOG = LoggerFactory.getLogger(SkippedRecords.class);

  private final String stream;
  private final AtomicLong total = new AtomicLong();
  private final LogThrottle throttle;

  /** @param stream names the stream in log lines, such as {@code broker default/default} */
  SkippedRecords(String stream, LongSupplier nanoClock) {
    this.stream = stream;
    this.throttle = new LogThrottle(nanoClock, LogThrottle.INTERVAL_NANOS);
  }

  /** Counts one skipped record, logging it unless a line was written in the last interval. */
  void skipped(String topic, int partition, long offset, String reason) {
    total.incrementAndGet();
    long skipped = throttle.occurred();
    if (skipped > 0) {
      LOG.warn("{}: skipped {} record(s) that are not CloudEvents; latest at topic {} partition {} "
          + "offset {}: {}", stream, skipped, topic, partition, offset, reason);
    }
  }

  /** Records skipped since the platform started. */
  public long count() {
    return total.get();
  }
}
