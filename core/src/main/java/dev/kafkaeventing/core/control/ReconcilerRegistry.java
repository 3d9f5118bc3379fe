package dev.kafkaeventing.core.control;

import dev.kafkaeventing.crds.ResourceKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which reconciler serves which kind. Each kind's module contributes its reconcilers at start;
 * a kind with none is stored but reported not served. Filled before the control plane starts,
 * read-only afterwards.
 */
public final class ReconcilerRegistry {

  private final Map<ResourceKind, Reconciler> byKind = new EnumMap<>(ResourceKind.class);

  /**
   * @throws IllegalStateException when the kind already has a reconciler
   */
  public ReconcilerRegistry register(ResourceKind kind, Reconciler reconciler) {
    Reconciler previous = byKind.putIfAbsent(kind, reconciler);
    if (previous != null && previous != reconciler) {
      throw new IllegalStateException(kind.kind() + " already has a reconciler: " + previous.getClass().getName());
    }
    return this;
  }

  public Optional<Reconciler> forKind(ResourceKind kind) {
    return Optional.ofNullable(byKind.get(kind));
  }

  /** True when some module serves the kind. */
  public boolean serves(ResourceKind kind) {
    return byKind.containsKey(kind);
  }
}
