package dev.kafkaeventing.core.control;

import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;

/**
 * Brings the platform in line with one kind of resource. Called only on the control plane's
 * reconcile thread, so implementations need no locking of their own state. Must be idempotent:
 * a resource may be reconciled any number of times. A thrown exception makes the control plane
 * retry the resource later, backing off.
 */
public interface Reconciler {

  /** The resource exists (created, changed, or a dependency changed). */
  void reconcile(Resource resource) throws Exception;

  /** The resource was deleted. */
  void deleted(ResourceKey key) throws Exception;
}
