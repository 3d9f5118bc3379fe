package dev.kafkaeventing.filter.internal;

import dev.kafkaeventing.filter.FilterErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports an evaluation error of an expression filter (CESQL, CEL) to the sink it was compiled with
 * and to the one of the evaluation, with a debug log.
 */
public final class EvaluationErrors {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluationErrors.class);

  private EvaluationErrors() {}

  /** Records one error; {@code expression} and {@code reason} are only rendered for debug logs. */
  public static void record(FilterErrors errors, EventView event, String dialect, Object expression, Object reason) {
    errors.evaluationFailed(dialect);
    event.errors().evaluationFailed(dialect);
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} filter '{}' failed to evaluate (no match): {}", dialect, expression, reason);
    }
  }
}
