package dev.kafkaeventing.filter.internal;

import dev.kafkaeventing.filter.EventFilter;

/** Adapts an {@link EventFilter} this module did not compile; never indexed. Immutable. */
public final class ExternalFilter extends CompiledFilter {

  private final EventFilter filter;

  private ExternalFilter(EventFilter filter) {
    this.filter = filter;
  }

  /** {@code filter} itself when this module compiled it, else an adapter. */
  public static CompiledFilter of(EventFilter filter) {
    return filter instanceof CompiledFilter ? (CompiledFilter) filter : new ExternalFilter(filter);
  }

  @Override
  public boolean matches(EventView event) {
    return filter.test(event.event(), event.errors());
  }

  @Override
  public String toString() {
    return filter.toString();
  }
}
