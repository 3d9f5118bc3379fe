package dev.kafkaeventing.core.control;

import dev.kafkaeventing.crds.ResourceKey;

/** Asks the control plane to reconcile a resource again, soon, on its reconcile thread. Thread-safe. */
@FunctionalInterface
public interface Requeue {

  void requeue(ResourceKey key);
}
