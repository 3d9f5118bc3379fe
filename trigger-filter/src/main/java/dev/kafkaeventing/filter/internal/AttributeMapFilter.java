package dev.kafkaeventing.filter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A filter made of (attribute, value) conditions that must all hold; the attribute must be present
 * (a missing attribute never matches). Subclasses say how a present value is compared. Immutable.
 */
public abstract class AttributeMapFilter extends CompiledFilter {

  private final String[] names;
  private final String[] values;

  protected AttributeMapFilter(Map<String, String> conditions) {
    this.names = conditions.keySet().toArray(String[]::new);
    this.values = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      values[i] = conditions.get(names[i]);
    }
  }

  /** Whether the present value {@code actual} satisfies the condition value {@code expected}. */
  protected abstract boolean holds(String actual, String expected);

  @Override
  public final boolean matches(EventView event) {
    for (int i = 0; i < names.length; i++) {
      String actual = event.attribute(names[i]);
      if (actual == null || !holds(actual, values[i])) {
        return false;
      }
    }
    return true;
  }

  /** Guards of the conditions that are exact equalities (for the index). */
  protected final IndexGuard exactGuard(boolean emptyMeansAny) {
    List<IndexGuard> guards = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      if (!(emptyMeansAny && values[i].isEmpty())) {
        guards.add(IndexGuard.of(names[i], values[i]));
      }
    }
    return IndexGuard.best(guards);
  }

  protected final String describe(String dialect) {
    StringBuilder out = new StringBuilder(dialect).append('{');
    for (int i = 0; i < names.length; i++) {
      out.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(values[i]);
    }
    return out.append('}').toString();
  }
}
