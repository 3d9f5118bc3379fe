package dev.kafkaeventing.filter.internal;

/** Subscriptions API {@code not}: the nested filter does not match. Immutable. */
public final class NotFilter extends CompiledFilter {

  private final CompiledFilter filter;

  public NotFilter(CompiledFilter filter) {
    this.filter = filter;
  }

  @Override
  public boolean matches(EventView event) {
    return !filter.matches(event);
  }

  @Override
  public String toString() {
    return "not(" + filter + ")";
  }
}
