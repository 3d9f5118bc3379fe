package dev.kafkaeventing.sources.apiserver;

import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.ResourceKind;

/**
 * The ApiServerSource's contribution to the control plane: its reconciler, and that ApiServerSources
 * follow the addressables their sinks may point at. Called once, before the control plane starts.
 */
public final class ApiServerSourceReconcilers {

  private ApiServerSourceReconcilers() {}

  /**
   * Registers the reconciler.
   *
   * @return stops the watches and the producer; close it before the dispatcher
   */
  public static AutoCloseable register(ReconcilerRegistry registry, ApiServerSourceControl control) {
    ApiServerSourceReconciler reconciler = new ApiServerSourceReconciler(control);
    registry.register(ResourceKind.API_SERVER_SOURCE, reconciler);
    registry.addDependents(changed -> {
      if (DestinationResolver.isAddressable(changed.kind())) {
        control.ports().repository().list(ResourceKind.API_SERVER_SOURCE, changed.namespace())
            .forEach(source -> control.ports().requeue(source.key()));
      }
    });
    return reconciler;
  }
}
