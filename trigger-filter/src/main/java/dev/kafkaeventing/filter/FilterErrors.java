package dev.kafkaeventing.filter;

/**
 * Where a compiled filter reports an expression (CESQL, CEL) that failed to evaluate; the event
 * then does not match. Handed to {@link EventFilters} when compiling, or with each event to {@link
 * EventFilter#test(io.cloudevents.CloudEvent, FilterErrors)} and {@link FilterIndex.Builder#add(Object,
 * EventFilter, FilterErrors)}, so each platform instance, and each route within it, counts its own
 * errors (there is no process-wide count) while sharing one compiled filter.
 *
 * <p>Implementations must be thread-safe and cheap: routing threads call them per failing event.
 */
@FunctionalInterface
public interface FilterErrors {

  /** Counts nothing: for filters compiled only to validate a resource. */
  FilterErrors NONE = dialect -> { };

  /** One evaluation failed; {@code dialect} is {@code cesql} or {@code cel}. */
  void evaluationFailed(String dialect);
}
