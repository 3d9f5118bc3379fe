package dev.kafkaeventing.channel.control;

import dev.kafkaeventing.channel.ChannelKinds;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.core.control.ResourceDetails;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;

/**
 * The channel module's contribution to the control plane: reconcilers of KafkaChannels,
 * InMemoryChannels (both topic-backed), generic Channels and Subscriptions; what {@code describe}
 * shows of them (a channel's topic, a Subscription's counters); and the status dependencies of
 * Subscriptions (they follow the addressables they point at; a channel lists its Subscriptions).
 * Called once, before the control plane starts.
 */
public final class ChannelReconcilers {

  private ChannelReconcilers() {}

  /** Registers the module's reconcilers, details and status dependents. */
  public static void register(ReconcilerRegistry registry, ChannelControl control) {
    KafkaChannelReconciler kafkaChannels = new KafkaChannelReconciler(control);
    SubscriptionReconciler subscriptions = new SubscriptionReconciler(control);
    registry.register(ResourceKind.KAFKA_CHANNEL, kafkaChannels)
        .register(ResourceKind.IN_MEMORY_CHANNEL, kafkaChannels)
        .register(ResourceKind.CHANNEL, new ChannelReconciler(control))
        .register(ResourceKind.SUBSCRIPTION, subscriptions);
    ResourceDetails details = (resource, node) -> ChannelDetails.describe(control, subscriptions, resource, node);
    for (ResourceKind kind : ChannelKinds.all()) {
      registry.registerDetails(kind, details);
    }
    registry.registerDetails(ResourceKind.SUBSCRIPTION, details);
    registry.addDependents(changed -> subscriptionsFollow(control, changed));
  }

  /** What {@code describe} shows of a resource that owns channels (a Sequence, a Parallel): their topics. */
  public static ResourceDetails ownedChannels(ResourceRepository repository) {
    return (resource, details) -> ChannelDetails.ownedChannels(repository, resource, details);
  }

  private static void subscriptionsFollow(ChannelControl control, ResourceKey key) {
    if (DestinationResolver.isAddressable(key.kind())) {
      control.repository().list(ResourceKind.SUBSCRIPTION, key.namespace()).forEach(r -> control.requeue(r.key()));
    }
    if (key.kind() != ResourceKind.SUBSCRIPTION) {
      return;
    }
    control.repository().get(key).ifPresent(subscription -> {
      String channel = subscription.spec().path("channel").path("name").asText("");
      for (ResourceKind kind : ChannelKinds.all()) {
        // Only channels that exist: requeueing a missing one would reconcile its deletion.
        if (!channel.isEmpty()) {
          ResourceKey channelKey = new ResourceKey(kind, key.namespace(), channel);
          control.repository().get(channelKey).ifPresent(c -> control.requeue(channelKey));
        }
      }
    });
  }
}
