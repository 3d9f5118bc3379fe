package dev.kafkaeventing.core.control;

import dev.kafkaeventing.crds.ResourceKey;

/**
 * Requeues what depends on a resource when its status changes, the way informers on referenced
 * resources do in Knative (a Broker's readiness matters to its Triggers, a Subscription's to its
 * channel). Each module contributes the dependencies its kinds have; owners follow their owned
 * resources without one. Called on the reconcile thread.
 */
@FunctionalInterface
public interface DependentResources {

  void statusChanged(ResourceKey changed);
}
