package dev.kafkaeventing.serving.control;

import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.serving.RevisionId;

/**
 * The serving bridge's contribution to the control plane: reconcilers of Services,
 * Configurations, Revisions and Routes, and the dependency of Routes on the readiness of the
 * Configurations and Revisions they send traffic to. Owners (Service, Configuration) follow their
 * children through owner references. Called once, before the control plane starts.
 */
public final class ServingReconcilers {

  private ServingReconcilers() {}

  public static void register(ReconcilerRegistry registry, ServingControl control) {
    registry.register(ResourceKind.SERVICE, new ServiceReconciler(control))
        .register(ResourceKind.CONFIGURATION, new ConfigurationReconciler(control))
        .register(ResourceKind.REVISION, new RevisionReconciler(control))
        .register(ResourceKind.ROUTE, new RouteReconciler(control));
    registry.registerDetails(ResourceKind.REVISION, (revision, details) -> {
      RevisionId id = new RevisionId(revision.metadata().namespace(), revision.metadata().name());
      control.runtime().state(id).ifPresent(state -> {
        details.put("desiredReplicas", state.desired()).put("actualReplicas", state.ready().size());
        if (state.waitingToStart() > 0) {
          details.put("replicasWaitingToStart", state.waitingToStart());
        }
      });
      control.autoscaler().status(id).ifPresent(status -> details.set("autoscaler", AutoscalerStatus.json(status)));
    });
    registry.addDependents(changed -> {
      if (changed.kind() == ResourceKind.CONFIGURATION || changed.kind() == ResourceKind.REVISION) {
        control.ports().repository().list(ResourceKind.ROUTE, changed.namespace())
            .forEach(route -> control.ports().requeue(route.key()));
      }
      if (changed.kind() == ResourceKind.CONFIG_MAP && RevisionReconciler.CONFIG_AUTOSCALER.equals(changed)) {
        control.ports().repository().list(ResourceKind.REVISION, null)
            .forEach(revision -> control.ports().requeue(revision.key()));
      }
    });
  }
}
