package dev.kafkaeventing.filter;

import io.cloudevents.CloudEvent;
import java.util.Objects;

/**
 * A compiled filter: decides whether a CloudEvent matches a Trigger's (or a Parallel branch's)
 * filter. Obtain one from {@link EventFilters}; compile once, evaluate per event.
 *
 * <p>Immutable and thread-safe. {@link #test} never throws: an expression that fails to evaluate
 * does not match and is reported to the {@link FilterErrors} it was compiled with and, for {@link
 * #test(CloudEvent, FilterErrors)}, to the one given with the event. So one compiled filter can
 * serve several counters (each platform instance, each route) without compiling it again.
 */
@FunctionalInterface
public interface EventFilter {

  boolean test(CloudEvent event);

  /**
   * As {@link #test(CloudEvent)}, also reporting this evaluation's errors to {@code errors}.
   * Filters from {@link EventFilters} do; other implementations may ignore {@code errors}.
   */
  default boolean test(CloudEvent event, FilterErrors errors) {
    Objects.requireNonNull(errors, "errors");
    return test(event);
  }
}
