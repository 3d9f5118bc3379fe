package dev.kafkaeventing.filter.internal;

import java.util.Arrays;
import java.util.List;

/** Subscriptions API {@code all}: every nested filter matches (stops at the first miss). Immutable. */
public final class AllFilter extends CompiledFilter {

  private final CompiledFilter[] filters;

  public AllFilter(List<CompiledFilter> filters) {
    this.filters = filters.toArray(CompiledFilter[]::new);
  }

  @Override
  public boolean matches(EventView event) {
    for (CompiledFilter filter : filters) {
      if (!filter.matches(event)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public IndexGuard guard() {
    return IndexGuard.best(Arrays.stream(filters).map(CompiledFilter::guard).toList());
  }

  @Override
  public String toString() {
    return "all" + Arrays.toString(filters);
  }
}
