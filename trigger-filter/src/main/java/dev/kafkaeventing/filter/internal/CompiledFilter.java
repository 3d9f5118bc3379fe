package dev.kafkaeventing.filter.internal;

import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.FilterErrors;
import io.cloudevents.CloudEvent;

/**
 * Base of every filter this module compiles: evaluates against an {@link EventView} so that one
 * view can serve many filters (see {@code FilterIndex}), and tells the index which exact-match
 * condition every matching event must satisfy.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public abstract class CompiledFilter implements EventFilter {

  @Override
  public final boolean test(CloudEvent event) {
    return matches(new EventView(event));
  }

  @Override
  public final boolean test(CloudEvent event, FilterErrors errors) {
    EventView view = new EventView(event);
    view.reportTo(errors);
    return matches(view);
  }

  /**
   * Whether the event matches; never throws (evaluation errors mean no match, and go to the sink
   * this filter was compiled with and to the view's {@link EventView#errors()}).
   */
  public abstract boolean matches(EventView event);

  /**
   * A condition every event this filter matches satisfies, usable as a hash-index key, or null
   * when there is none.
   */
  public IndexGuard guard() {
    return null;
  }
}
