package dev.kafkaeventing.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.core.DeliveryTarget;
import java.util.Objects;

/**
 * A Trigger as the data plane sees it: which broker it belongs to, its filter (as written in the
 * resource, compiled by the data plane) and its resolved delivery target.
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
 * @param ordered true for {@code delivery.order: ordered} (one event in flight at a time)
 * @param reply where the subscriber's replies go
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
    ReplyRoute reply) {

  public TriggerRoute {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reply, "reply");
  }
}
