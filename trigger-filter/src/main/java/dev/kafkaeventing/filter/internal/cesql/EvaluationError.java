package dev.kafkaeventing.filter.internal.cesql;

import java.util.Objects;

/** One error raised while evaluating a CESQL expression. */
public record EvaluationError(ErrorKind kind, String message) {

  public EvaluationError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return kind.tckName() + ": " + message;
  }
}
