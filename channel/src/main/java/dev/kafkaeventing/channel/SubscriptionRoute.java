package dev.kafkaeventing.channel;

import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.EventFilters;
import java.util.Objects;

/**
 * A Subscription as the data plane sees it: the channel it reads, where each event goes, and
 * where the subscriber's replies go. Every event of the channel goes to every route, unless the
 * route carries a filter (a kafka-eventing extension: Trigger's {@code spec.filters} dialects,
 * compiled by the reconciler, evaluated in-process).
 *
 * <p>Immutable. A changed Subscription is a new route with the same {@code uid}; its queued events
 * and counters carry over.
 *
 * @param uid stable identity of the Subscription; its queued events are keyed by it
 * @param namespace the Subscription's namespace
 * @param name the Subscription's name
 * @param channel the channel it subscribes to
 * @param filter its compiled {@code spec.filters}; null for every event
 * @param target the resolved subscriber (or, without one, the reply destination) and its delivery
 * @param ordered one event in flight at a time, in partition order
 * @param reply {@link ReplyRoute#forward} to the resolved {@code reply}, or {@link ReplyRoute#DISCARD}
 */
public record SubscriptionRoute(
    String uid,
    String namespace,
    String name,
    ChannelId channel,
    EventFilter filter,
    DeliveryTarget target,
    boolean ordered,
    ReplyRoute reply) {

  public SubscriptionRoute {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reply, "reply");
    if (reply instanceof ReplyRoute.ToSourceTopic) {
      throw new IllegalArgumentException("a subscription's reply is forwarded or discarded, never "
          + "written back to its own channel");
    }
  }

  /** The Subscription as a route of its channel's stream on the dispatcher. */
  public Route route() {
    return new Route(uid, namespace, name, channel.stream(), filter == null ? EventFilters.matchAll() : filter, target,
        ordered, reply);
  }
}
