package dev.kafkaeventing.sources.ping;

import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.ResourceKind;

/**
 * The PingSource's contribution to the control plane: its reconciler, and that PingSources follow
 * the addressables their sinks may point at. Called once, before the control plane starts.
 */
public final class PingSourceReconcilers {

  private PingSourceReconcilers() {}

  /**
   * Registers the reconciler.
   *
   * @return stops the scheduler; close it before the dispatcher
   */
  public static AutoCloseable register(ReconcilerRegistry registry, PingSourceControl control) {
    PingSourceReconciler reconciler = new PingSourceReconciler(control);
    registry.register(ResourceKind.PING_SOURCE, reconciler);
    registry.addDependents(changed -> {
      if (DestinationResolver.isAddressable(changed.kind())) {
        control.ports().repository().list(ResourceKind.PING_SOURCE, changed.namespace())
            .forEach(source -> control.ports().requeue(source.key()));
      }
    });
    return reconciler;
  }
}
