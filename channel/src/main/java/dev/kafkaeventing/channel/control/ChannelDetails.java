package dev.kafkaeventing.channel.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.channel.ChannelKinds;
import dev.kafkaeventing.channel.SubscriptionRoute;
import dev.kafkaeventing.core.control.OwnedResources;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.dispatcher.RouteStats;
import java.time.Duration;

/**
 * Runtime details of channels, Subscriptions and flows for {@code describe}: the Kafka topic behind
 * a channel (an InMemoryChannel says that it is one too), a Subscription's delivery counters, the
 * channels of a Sequence or Parallel. Stateless; runs on an admin API thread.
 */
final class ChannelDetails {

  static final String IN_MEMORY_NOTE = "InMemoryChannel is backed by a Kafka topic here, like a "
      + "KafkaChannel: events are durable and survive restarts";
  private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(10);

  private ChannelDetails() {}

  static void describe(ChannelControl context, SubscriptionReconciler subscriptions, Resource resource,
      ObjectNode details) {
    ResourceKind kind = resource.resourceKind();
    ChannelId id = new ChannelId(resource.metadata().namespace(), resource.metadata().name());
    if (ChannelKinds.isChannel(kind)) {
      topic(context, id, details);
      if (kind == ResourceKind.IN_MEMORY_CHANNEL) {
        details.put("note", IN_MEMORY_NOTE);
      }
      details.put("subscriptions", ChannelSubscribers.of(context.repository(), id).size());
      details.put("notCloudEvents", context.dispatcher().streamStats(id.stream()).notCloudEvents());
    } else if (kind == ResourceKind.SUBSCRIPTION) {
      subscriptions.routeOf(resource.key()).ifPresent(route -> counters(context, route, details));
    } else {
      ownedChannels(context.repository(), resource, details);
    }
  }

  /** The channels a resource (a Sequence, a Parallel) owns, with their topics. */
  static void ownedChannels(ResourceRepository repository, Resource resource, ObjectNode details) {
    ChannelId id = new ChannelId(resource.metadata().namespace(), resource.metadata().name());
    ArrayNode channels = details.putArray("channels");
    for (ResourceKind channelKind : ChannelKinds.all()) {
      for (Resource channel : repository.list(channelKind, id.namespace())) {
        if (OwnedResources.controller(channel).filter(o -> o.kind().equals(resource.kind())
            && o.name().equals(resource.metadata().name())).isPresent()) {
          ChannelId child = new ChannelId(id.namespace(), channel.metadata().name());
          channels.addObject().put("kind", channel.kind()).put("name", child.name()).put("topic", child.topic());
        }
      }
    }
  }

  private static void topic(ChannelControl context, ChannelId id, ObjectNode details) {
    details.put("topic", id.topic());
    context.topics().describe(id.topic(), DESCRIBE_TIMEOUT).ifPresent(info -> {
      details.put("partitions", info.partitions());
      details.put("replicationFactor", info.replicationFactor());
    });
  }

  private static void counters(ChannelControl context, SubscriptionRoute route, ObjectNode details) {
    RouteStats stats = context.dispatcher().stats(route.channel().stream(), route.uid()).orElse(RouteStats.EMPTY);
    details.put("topic", route.channel().topic());
    details.put("deliveryOrder", route.ordered() ? "ordered" : "unordered");
    ObjectNode counters = details.putObject("counters");
    counters.put("delivered", stats.delivered());
    counters.put("retried", stats.retried());
    counters.put("deadLettered", stats.deadLettered());
    counters.put("failed", stats.failed());
    counters.put("pending", stats.pending());
    counters.put("lost", stats.lost());
    try {
      details.put("parked", context.dispatcher().parked(route.uid()).size());
    } catch (RuntimeException e) {
      details.put("parked", "unknown (" + e.getMessage() + ")");
    }
  }
}
