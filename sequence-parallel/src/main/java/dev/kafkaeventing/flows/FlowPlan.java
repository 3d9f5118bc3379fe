package dev.kafkaeventing.flows;

import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a Sequence or Parallel is made of: the channels and Subscriptions it owns (each with a
 * controller owner reference to it, no uid yet), as they should be stored. Immutable.
 *
 * <p>Subscriptions come in the order they must become ready: a Subscription that replies into one
 * of the flow's channels comes after the Subscriptions reading that channel. Writing them in this
 * order, each only once the earlier ones are ready, means no event reaches a channel before its
 * Subscriptions are in place, when the flow is created or when a step is added.
 *
 * @param channelKind the kind of every channel (from the channel template)
 * @param entryChannel the channel whose address is the flow's address
 * @param channels the channels, entry channel first
 * @param subscriptions the Subscriptions, in readiness order
 */
public record FlowPlan(ResourceKind channelKind, String entryChannel, List<Resource> channels,
    List<Resource> subscriptions) {

  public FlowPlan {
    Objects.requireNonNull(channelKind, "channelKind");
    Objects.requireNonNull(entryChannel, "entryChannel");
    channels = List.copyOf(channels);
    subscriptions = List.copyOf(subscriptions);
  }

  /** The keys of every resource of the plan. */
  public Set<ResourceKey> keys() {
    Set<ResourceKey> keys = new LinkedHashSet<>();
    channels.forEach(c -> keys.add(c.key()));
    subscriptions.forEach(s -> keys.add(s.key()));
    return keys;
  }
}
