package dev.kafkaeventing.platform.control;

import dev.kafkaeventing.channel.ChannelKinds;
import dev.kafkaeventing.crds.OwnerReference;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what to reconcile again when a resource's status changes, the way informers on
 * referenced and owned resources do in Knative: an addressable's readiness or address matters to
 * the Triggers and Subscriptions of its namespace (which may point at it), a Subscription's to its
 * channel (which lists it), and any owned resource's to its owner (a Sequence, Parallel or
 * Channel). A deleted owned resource requeues its owner, which creates it again unless the owner
 * is gone too.
 *
 * <p>Runs on the reconcile thread. Requeued resources whose status does not change end the chain.
 */
final class StatusDependents {

  private static final Logger LOG = LoggerFactory.getLogger(StatusDependents.class);
  private static final Set<ResourceKind> ADDRESSABLE = Set.of(ResourceKind.BROKER, ResourceKind.CHANNEL,
      ResourceKind.KAFKA_CHANNEL, ResourceKind.IN_MEMORY_CHANNEL, ResourceKind.SEQUENCE, ResourceKind.PARALLEL);

  private final ControlPlane controlPlane;

  StatusDependents(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  void statusChanged(ResourceKey key) {
    if (ADDRESSABLE.contains(key.kind())) {
      controlPlane.requeueTriggersIn(key.namespace());
      requeueAll(ResourceKind.SUBSCRIPTION, key.namespace());
    }
    Optional<Resource> resource = controlPlane.repository().get(key);
    if (resource.isEmpty()) {
      return;
    }
    if (key.kind() == ResourceKind.SUBSCRIPTION) {
      String channel = resource.get().spec().path("channel").path("name").asText("");
      for (ResourceKind kind : ChannelKinds.all()) {
        // Only channels that exist: requeueing a missing one would reconcile its deletion.
        if (!channel.isEmpty()) {
          ResourceKey channelKey = new ResourceKey(kind, key.namespace(), channel);
          controlPlane.repository().get(channelKey).ifPresent(c -> controlPlane.requeue(channelKey));
        }
      }
    }
    requeueOwners(resource.get());
  }

  /** A resource's spec was deleted; {@code oldValue} is what it was. */
  void specDeleted(byte[] oldValue) {
    try {
      requeueOwners(Resource.fromJson(oldValue));
    } catch (IllegalArgumentException e) {
      LOG.debug("Ignoring an unreadable deleted resource: {}", e.getMessage());
    }
  }

  private void requeueOwners(Resource resource) {
    for (OwnerReference owner : resource.metadata().ownerReferences()) {
      ResourceKind.of(owner.apiVersion(), owner.kind()).ifPresent(kind ->
          controlPlane.requeue(new ResourceKey(kind, resource.metadata().namespace(), owner.name())));
    }
  }

  private void requeueAll(ResourceKind kind, String namespace) {
    controlPlane.repository().list(kind, namespace).forEach(r -> controlPlane.requeue(r.key()));
  }
}
