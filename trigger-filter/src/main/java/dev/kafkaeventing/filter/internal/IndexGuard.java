package dev.kafkaeventing.filter.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A necessary condition of a filter: the attribute {@code attribute} is present and its canonical
 * value is one of {@code values}. An index files the filter under each value and evaluates it only
 * for events carrying one of them.
 */
public record IndexGuard(String attribute, Set<String> values) {

  /** Preferred guards first: fewer values, then the {@code type} attribute (usually selective). */
  public static final Comparator<IndexGuard> PREFERRED =
      Comparator.<IndexGuard>comparingInt(guard -> guard.values().size())
          .thenComparing(guard -> !guard.attribute().equals("type"));

  public IndexGuard {
    Objects.requireNonNull(attribute, "attribute");
    values = Set.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("an index guard needs at least one value");
    }
  }

  public static IndexGuard of(String attribute, String value) {
    return new IndexGuard(attribute, Set.of(value));
  }

  /** The preferred guard among {@code guards} (nulls ignored), or null when none. */
  public static IndexGuard best(Collection<IndexGuard> guards) {
    return guards.stream().filter(Objects::nonNull).min(PREFERRED).orElse(null);
  }

  /**
   * The guard of a disjunction: the union of its branches' values when every branch is guarded on
   * the same attribute, else null (an unguarded branch may match anything).
   */
  public static IndexGuard union(Collection<IndexGuard> guards) {
    String attribute = null;
    Set<String> values = new LinkedHashSet<>();
    for (IndexGuard guard : guards) {
      if (guard == null || (attribute != null && !attribute.equals(guard.attribute()))) {
        return null;
      }
      attribute = guard.attribute();
      values.addAll(guard.values());
    }
    return attribute == null ? null : new IndexGuard(attribute, values);
  }
}
