package dev.kafkaeventing.filter.internal;

/** Matches every event: a Trigger without filters. Stateless singleton. */
public final class MatchAllFilter extends CompiledFilter {

  public static final MatchAllFilter INSTANCE = new MatchAllFilter();

  private MatchAllFilter() {}

  @Override
  public boolean matches(EventView event) {
    return true;
  }

  @Override
  public String toString() {
    return "matchAll";
  }
}
