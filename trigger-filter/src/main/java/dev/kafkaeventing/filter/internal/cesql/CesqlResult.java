package dev.kafkaeventing.filter.internal.cesql;

import java.util.List;
import java.util.Objects;

/**
 * The outputs of a CESQL evaluation (CESQL 1.0 §1): a value (Boolean, Integer or String), always
 * present even after errors, and the errors raised, in evaluation order.
 */
public record CesqlResult(Object value, List<EvaluationError> errors) {

  public CesqlResult {
    Objects.requireNonNull(value, "value");
    errors = List.copyOf(errors);
  }

  /** Whether this result lets an event through a filter: a Boolean {@code true} and no error. */
  public boolean passes() {
    return errors.isEmpty() && Boolean.TRUE.equals(value);
  }
}
