package dev.kafkaeventing.filter.internal;

import java.util.Arrays;
import java.util.List;

/** Subscriptions API {@code any}: some nested filter matches (stops at the first hit). Immutable. */
public final class AnyFilter extends CompiledFilter {

  private final CompiledFilter[] filters;

  public AnyFilter(List<CompiledFilter> filters) {
    this.filters = filters.toArray(CompiledFilter[]::new);
  }

  @Override
  public boolean matches(EventView event) {
    for (CompiledFilter filter : filters) {
      if (filter.matches(event)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public IndexGuard guard() {
    return IndexGuard.union(Arrays.stream(filters).map(CompiledFilter::guard).toList());
  }

  @Override
  public String toString() {
    return "any" + Arrays.toString(filters);
  }
}
