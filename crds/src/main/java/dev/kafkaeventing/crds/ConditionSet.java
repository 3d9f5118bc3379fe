package dev.kafkaeventing.crds;

import java.util.List;

/**
 * A happy condition and the conditions it summarises, as Knative's "living" condition sets:
 * {@code Ready} is True when every dependent is True, False when any is False, Unknown otherwise.
 * Immutable and thread-safe.
 */
public record ConditionSet(String happy, List<String> dependents) {

  /** The condition type every Knative resource reports. */
  public static final String READY = "Ready";

  public ConditionSet {
    if (happy == null || happy.isEmpty()) {
      throw new IllegalArgumentException("happy condition type is required");
    }
    dependents = List.copyOf(dependents);
  }

  /** {@code Ready} summarising {@code dependents}. */
  public static ConditionSet living(String... dependents) {
    return new ConditionSet(READY, List.of(dependents));
  }
}
