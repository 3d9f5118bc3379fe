package dev.kafkaeventing.platform.control;

import dev.kafkaeventing.core.control.DependentResources;
import dev.kafkaeventing.core.control.Requeue;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.crds.OwnerReference;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.List;
import java.util.Optional;

/**
 * Decides what to reconcile again when a resource's status changes, the way informers on
 * referenced and owned resources do in Knative: what the kinds' modules say depends on it (an
 * addressable's readiness or address matters to the Triggers and Subscriptions of its namespace,
 * a Subscription's to its channel), and any owned resource's to its owner (a Sequence, Parallel or
 * Channel). A deleted owned resource requeues its owner, which creates it again unless the owner
 * is gone too.
 *
 * <p>Runs on the reconcile thread. Requeued resources whose status does not change end the chain.
 */
final class StatusDependents {

  private final ResourceRepository repository;
  private final Requeue requeue;
  private final List<DependentResources> contributed;

  StatusDependents(ResourceRepository repository, Requeue requeue, List<DependentResources> contributed) {
    this.repository = repository;
    this.requeue = requeue;
    this.contributed = List.copyOf(contributed);
  }

  void statusChanged(ResourceKey key) {
    contributed.forEach(dependents -> dependents.statusChanged(key));
    Optional<Resource> resource = repository.get(key);
    resource.ifPresent(this::requeueOwners);
  }

  /** A resource's spec was deleted; {@code previous} is what it was. */
  void specDeleted(Resource previous) {
    requeueOwners(previous);
  }

  private void requeueOwners(Resource resource) {
    for (OwnerReference owner : resource.metadata().ownerReferences()) {
      ResourceKind.of(owner.apiVersion(), owner.kind()).ifPresent(kind ->
          requeue.requeue(new ResourceKey(kind, resource.metadata().namespace(), owner.name())));
    }
  }
}
