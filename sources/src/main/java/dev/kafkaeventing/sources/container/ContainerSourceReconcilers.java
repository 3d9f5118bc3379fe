package dev.kafkaeventing.sources.container;

import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.ResourceKind;

/**
 * The ContainerSource and SinkBinding contribution to the control plane: their reconcilers, what
 * {@code describe} shows of a ContainerSource's process, and that both follow the addressables
 * their sinks may point at. Called once, before the control plane starts.
 */
public final class ContainerSourceReconcilers {

  private ContainerSourceReconcilers() {}

  /** @return the processes (for their logs); close it to stop them all */
  public static ContainerSources register(ReconcilerRegistry registry, ContainerSourceControl control) {
    ContainerSources processes = new ContainerSources(control.logDir());
    registry.register(ResourceKind.CONTAINER_SOURCE, new ContainerSourceReconciler(control, processes))
        .register(ResourceKind.SINK_BINDING, new SinkBindingReconciler(control));
    registry.registerDetails(ResourceKind.CONTAINER_SOURCE, (source, details) -> {
      details.put("image", source.spec().path("template").path("spec").path("containers").path(0)
          .path("image").asText());
      processes.describe(source.key(), details);
    });
    registry.addDependents(changed -> {
      if (DestinationResolver.isAddressable(changed.kind())) {
        control.ports().repository().list(ResourceKind.CONTAINER_SOURCE, changed.namespace())
            .forEach(source -> control.ports().requeue(source.key()));
        control.ports().repository().list(ResourceKind.SINK_BINDING, changed.namespace())
            .forEach(binding -> control.ports().requeue(binding.key()));
      }
    });
    return processes;
  }
}
