package dev.kafkaeventing.filter.internal;

import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts evaluation errors of expression filters (CESQL, CEL) process-wide; an error means the
 * event does not match. Thread-safe; a {@link LongAdder} so that routing threads do not contend.
 */
public final class EvaluationErrors {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluationErrors.class);
  private static final LongAdder COUNT = new LongAdder();

  private EvaluationErrors() {}

  /** Records one error; {@code expression} and {@code reason} are only rendered for debug logs. */
  public static void record(String dialect, Object expression, Object reason) {
    COUNT.increment();
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} filter '{}' failed to evaluate (no match): {}", dialect, expression, reason);
    }
  }

  public static long count() {
    return COUNT.sum();
  }
}
