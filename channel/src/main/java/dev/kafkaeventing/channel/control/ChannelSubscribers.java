package dev.kafkaeventing.channel.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.channel.ChannelKinds;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.crds.Condition;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.Conditions;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.List;
import java.util.Optional;

/**
 * A channel's {@code status.subscribers}, Knative's {@code SubscriberStatus} list: per
 * Subscription of the channel, its {@code uid}, {@code generation} (of its spec), the
 * {@code observedGeneration} its route was built from, {@code ready} ({@code True}, {@code False},
 * {@code Unknown}) and a {@code message} when not ready. Ordered by Subscription name. Stateless.
 */
final class ChannelSubscribers {

  private ChannelSubscribers() {}

  /** The Subscriptions whose {@code spec.channel} names this channel (by any channel kind). */
  static List<Resource> of(ResourceRepository repository, ChannelId channel) {
    return repository.list(ResourceKind.SUBSCRIPTION, channel.namespace()).stream()
        .filter(s -> subscribes(s, channel))
        .toList();
  }

  static ArrayNode status(ResourceRepository repository, ChannelId channel) {
    ArrayNode subscribers = JsonNodeFactory.instance.arrayNode();
    for (Resource subscription : of(repository, channel)) {
      ObjectNode entry = subscribers.addObject();
      entry.put("uid", subscription.metadata().uid());
      entry.put("generation", subscription.metadata().generation());
      JsonNode observed = subscription.status().get("observedGeneration");
      if (observed != null) {
        entry.put("observedGeneration", observed.asLong());
      }
      Optional<Condition> ready = Conditions.find(subscription.status(), ConditionSet.READY);
      entry.put("ready", ready.map(c -> c.status().wireName()).orElse("Unknown"));
      ready.filter(c -> !c.isTrue() && c.message() != null).ifPresent(c -> entry.put("message", c.message()));
    }
    return subscribers;
  }

  private static boolean subscribes(Resource subscription, ChannelId channel) {
    JsonNode ref = subscription.spec().path("channel");
    return ref.path("name").asText("").equals(channel.name())
        && ResourceKind.of(ref.path("apiVersion").asText(""), ref.path("kind").asText(""))
            .filter(ChannelKinds::isChannel).isPresent();
  }
}
