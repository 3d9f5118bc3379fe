package dev.kafkaeventing.filter.internal.cesql;

import dev.kafkaeventing.filter.internal.EventView;
import java.util.ArrayList;
import java.util.List;

/**
 * State of one evaluation: the event and the errors raised (CESQL 1.0 §3.3). Operators compare
 * {@link #errorCount()} before and after evaluating their operands to detect failed operands.
 *
 * <p>For filtering ("fail fast" use) only the count and the first error are kept, without
 * allocating; the full list is kept when {@code collect} is set. {@link #toString()} describes the
 * failure, so it can be handed to a logger unrendered.
 *
 * <p>Not thread-safe; reused across evaluations on one event (see {@link #reset}).
 */
final class EvaluationContext {

  private EventView event;
  private boolean collect;
  private int errorCount;
  private ErrorKind firstKind;
  private String firstReason;
  private Object firstDetail;
  private boolean notBoolean;
  private List<EvaluationError> errors;

  EvaluationContext reset(EventView event, boolean collect) {
    this.event = event;
    this.collect = collect;
    this.errorCount = 0;
    this.firstKind = null;
    this.firstReason = null;
    this.firstDetail = null;
    this.notBoolean = false;
    this.errors = null;
    return this;
  }

  EventView event() {
    return event;
  }

  int errorCount() {
    return errorCount;
  }

  boolean failedSince(int mark) {
    return errorCount != mark;
  }

  /** Raises an error described by {@code reason} followed by {@code detail}. */
  void fail(ErrorKind kind, String reason, Object detail) {
    if (errorCount++ == 0) {
      firstKind = kind;
      firstReason = reason;
      firstDetail = detail;
    }
    if (collect) {
      if (errors == null) {
        errors = new ArrayList<>(2);
      }
      errors.add(new EvaluationError(kind, reason + detail));
    }
  }

  void resultNotBoolean() {
    notBoolean = true;
  }

  /** The errors raised, in order; only complete when the context collects. */
  List<EvaluationError> errors() {
    if (errors != null) {
      return List.copyOf(errors);
    }
    return firstKind == null
        ? List.of()
        : List.of(new EvaluationError(firstKind, firstReason + firstDetail));
  }

  @Override
  public String toString() {
    if (firstKind == null) {
      return notBoolean ? "the result is not a Boolean" : "no error";
    }
    String first = firstKind.tckName() + ": " + firstReason + firstDetail;
    return errorCount == 1 ? first : first + " (and " + (errorCount - 1) + " more)";
  }
}
