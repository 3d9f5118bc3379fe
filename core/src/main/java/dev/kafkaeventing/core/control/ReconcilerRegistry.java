package dev.kafkaeventing.core.control;

import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which reconciler serves which kind. Each kind's module contributes its reconcilers at start;
 * a kind with none is stored but reported not served. Modules also contribute what {@code
 * describe} shows of their kinds and who depends on a resource's status. Filled before the control
 * plane starts, read-only afterwards. Modules may also contribute warnings for {@code apply} and
 * resources that exist from the first start.
 */
public final class ReconcilerRegistry {

  private final Map<ResourceKind, Reconciler> byKind = new EnumMap<>(ResourceKind.class);
  private final Map<ResourceKind, ResourceDetails> details = new EnumMap<>(ResourceKind.class);
  private final List<DependentResources> dependents = new CopyOnWriteArrayList<>();
  private final List<ApplyWarnings> applyWarnings = new CopyOnWriteArrayList<>();
  private final List<Resource> defaults = new CopyOnWriteArrayList<>();

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

  /**
   * @throws IllegalStateException when the kind already has details
   */
  public ReconcilerRegistry registerDetails(ResourceKind kind, ResourceDetails resourceDetails) {
    ResourceDetails previous = details.putIfAbsent(kind, resourceDetails);
    if (previous != null && previous != resourceDetails) {
      throw new IllegalStateException(kind.kind() + " already has details");
    }
    return this;
  }

  /** What {@code describe} shows of the kind beyond the resource, if its module says. */
  public Optional<ResourceDetails> detailsFor(ResourceKind kind) {
    return Optional.ofNullable(details.get(kind));
  }

  public ReconcilerRegistry addDependents(DependentResources resources) {
    dependents.add(resources);
    return this;
  }

  /** Every module's status dependencies, in the order they were added. */
  public List<DependentResources> dependents() {
    return List.copyOf(dependents);
  }

  public ReconcilerRegistry addApplyWarnings(ApplyWarnings warnings) {
    applyWarnings.add(warnings);
    return this;
  }

  /** Every module's {@code apply} warnings, in the order they were added. */
  public List<ApplyWarnings> applyWarnings() {
    return List.copyOf(applyWarnings);
  }

  /**
   * Adds resources the platform creates at start when absent and never overwrites (Knative's stock
   * ConfigMaps), so users edit them with {@code apply} as they would on a cluster.
   */
  public ReconcilerRegistry addDefaults(List<Resource> resources) {
    defaults.addAll(resources);
    return this;
  }

  /** Every module's default resources, in the order they were added. */
  public List<Resource> defaults() {
    return List.copyOf(defaults);
  }
}
