package dev.kafkaeventing.filter;

import io.cloudevents.CloudEvent;

/**
 * A compiled filter: decides whether a CloudEvent matches a Trigger's (or a Parallel branch's)
 * filter. Obtain one from {@link EventFilters}; compile once, evaluate per event.
 *
 * <p>Immutable and thread-safe. {@link #test} never throws: an expression that fails to evaluate
 * does not match and is reported to the {@link FilterErrors} it was compiled with.
 */
@FunctionalInterface
public interface EventFilter {

  boolean test(CloudEvent event);
}
