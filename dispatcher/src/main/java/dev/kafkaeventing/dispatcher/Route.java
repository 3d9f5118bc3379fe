package dev.kafkaeventing.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.core.DeliveryTarget;
import java.time.Instant;
import java.util.Objects;

/**
 * A Trigger as the data plane sees it: which broker it belongs to, its filter (as written in the
 * resource, compiled by the data plane), its resolved delivery target and how it is dispatched.
 *
 * <p>Immutable. The control plane builds one per reconciled Trigger; a changed Trigger is a new
 * route with the same {@code uid}.
 *
 * @param uid stable identity of the Trigger; its queued events are keyed by it
 * @param namespace the Trigger's namespace
 * @param name the Trigger's name
 * @param broker the broker it subscribes to
 * @param filter {@code spec.filter} as written, or null
 * @param filters {@code spec.filters} as written, or null
 * @param target where and how to deliver
 * @param ordered true for {@code delivery.order: ordered}: events with the same Kafka record key
 *     (events without a key: of the same partition) are delivered one at a time in offset order,
 *     each once the previous one is settled; different keys proceed in parallel
 * @param reply where the subscriber's replies go
 * @param limits the Trigger's window and rate limit
 * @param startFrom when a Trigger with this uid is first seen, events of the broker from this time
 *     on are replayed to it (covers a Trigger deleted and created again); null for none
 */
public record TriggerRoute(
    String uid,
    String namespace,
    String name,
    BrokerId broker,
    JsonNode filter,
    JsonNode filters,
    DeliveryTarget target,
    boolean ordered,
    ReplyRoute reply,
    DispatchLimits limits,
    Instant startFrom) {

  public TriggerRoute {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(limits, "limits");
  }

  /** A route with the default limits and no start time. */
  public TriggerRoute(String uid, String namespace, String name, BrokerId broker, JsonNode filter,
      JsonNode filters, DeliveryTarget target, boolean ordered, ReplyRoute reply) {
    this(uid, namespace, name, broker, filter, filters, target, ordered, reply, DispatchLimits.DEFAULT, null);
  }
}
