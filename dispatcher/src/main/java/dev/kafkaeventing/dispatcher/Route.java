package dev.kafkaeventing.dispatcher;

import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.filter.EventFilter;
import java.time.Instant;
import java.util.Objects;

/**
 * A route (a Trigger or a Subscription) as the dispatcher sees it: which stream it belongs to, its filter (compiled by the
 * control plane, once per version of the resource), its resolved delivery target and how it is dispatched.
 *
 * <p>Immutable. The control plane builds one per reconciled Trigger or Subscription; a changed one is a new
 * route with the same {@code uid}.
 *
 * @param uid stable identity of the route; its queued events are keyed by it
 * @param namespace the route's namespace
 * @param name the route's name
 * @param stream the stream it subscribes to
 * @param filter which events of the stream the route takes, compiled with no error sink of its own: the dispatcher
 *     counts evaluation errors per route as it evaluates (see {@link EventFilter#test(io.cloudevents.CloudEvent,
 *     dev.kafkaeventing.filter.FilterErrors)}); {@link dev.kafkaeventing.filter.EventFilters#matchAll()} for every event
 * @param target where and how to deliver
 * @param ordered true for {@code delivery.order: ordered}: events with the same Kafka record key
 *     (events without a key: of the same partition) are delivered one at a time in offset order,
 *     each once the previous one is settled; different keys proceed in parallel
 * @param reply where the subscriber's replies go
 * @param limits the route's window and rate limit
 * @param startFrom when a route with this uid is first seen, events of the stream from this time
 *     on are replayed to it (covers a route deleted and created again); null for none
 */
public record Route(
    String uid,
    String namespace,
    String name,
    StreamId stream,
    EventFilter filter,
    DeliveryTarget target,
    boolean ordered,
    ReplyRoute reply,
    DispatchLimits limits,
    Instant startFrom) {

  public Route {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(limits, "limits");
  }

  /** A route with the default limits and no start time. */
  public Route(String uid, String namespace, String name, StreamId stream, EventFilter filter,
      DeliveryTarget target, boolean ordered, ReplyRoute reply) {
    this(uid, namespace, name, stream, filter, target, ordered, reply, DispatchLimits.DEFAULT, null);
  }

  /** How logs name the route: {@code Trigger ns/name}, or {@code Subscription ns/name} on a channel. */
  public String label() {
    return (stream.kind().equals(StreamId.BROKER) ? "Trigger " : "Subscription ") + namespace + "/" + name;
  }
}
