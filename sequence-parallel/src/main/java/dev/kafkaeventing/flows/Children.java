package dev.kafkaeventing.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.channel.ChannelKinds;
import dev.kafkaeventing.crds.ChannelTemplate;
import dev.kafkaeventing.crds.ObjectMeta;
import dev.kafkaeventing.crds.OwnerReference;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.filter.FilterException;
import java.util.List;
import java.util.Map;

/** Builds the channels and Subscriptions a flow owns. Stateless. */
final class Children {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Children() {}

  /** The channel kind of a template (KafkaChannel when there is none). */
  static ResourceKind channelKind(ChannelTemplate template) throws InvalidFlowException {
    ChannelTemplate effective = template == null ? ChannelKinds.DEFAULT_TEMPLATE : template;
    return ChannelKinds.backingKind(effective).orElseThrow(() -> new InvalidFlowException(
        "ChannelTemplateInvalid", "spec.channelTemplate: " + effective.apiVersion() + " "
            + effective.kind() + " is not served; use messaging.knative.dev/v1beta1 KafkaChannel "
            + "or messaging.knative.dev/v1 InMemoryChannel"));
  }

  static Resource channel(Resource owner, ResourceKind kind, ChannelTemplate template, String name) {
    ObjectNode spec = template == null ? JSON.objectNode() : template.spec();
    return Resource.of(kind, ownedMeta(owner, name), spec);
  }

  /**
   * A Subscription of the owner's namespace; a null destination, filters or delivery is left out.
   */
  static Resource subscription(Resource owner, String name, ResourceKind channelKind, String channel,
      JsonNode subscriber, JsonNode filters, JsonNode reply, JsonNode delivery) {
    ObjectNode spec = JSON.objectNode();
    spec.putObject("channel")
        .put("apiVersion", channelKind.apiVersion())
        .put("kind", channelKind.kind())
        .put("name", channel);
    putIfPresent(spec, "subscriber", subscriber);
    putIfPresent(spec, "filters", filters);
    putIfPresent(spec, "reply", reply);
    putIfPresent(spec, "delivery", delivery);
    return Resource.of(ResourceKind.SUBSCRIPTION, ownedMeta(owner, name), spec);
  }

  /** A destination referring to one of the owner's channels. */
  static ObjectNode channelDestination(Resource owner, ResourceKind kind, String channel) {
    ObjectNode destination = JSON.objectNode();
    destination.putObject("ref")
        .put("apiVersion", kind.apiVersion())
        .put("kind", kind.kind())
        .put("name", channel)
        .put("namespace", owner.metadata().namespace());
    return destination;
  }

  /** Checks Subscriptions API filters as the data plane will compile them. */
  static void checkFilters(JsonNode filters, String path) throws InvalidFlowException {
    try {
      EventFilters.compile(filters);
    } catch (FilterException e) {
      throw new InvalidFlowException("FilterInvalid",
          e.path().replaceFirst("^spec\\.filters", path) + ": " + e.reason());
    }
  }

  private static ObjectMeta ownedMeta(Resource owner, String name) {
    return new ObjectMeta(name, owner.metadata().namespace(), Map.of(), Map.of(), 0, null, null,
        List.of(OwnerReference.controllerOf(owner)));
  }

  private static void putIfPresent(ObjectNode spec, String field, JsonNode value) {
    if (value != null && !value.isNull() && !value.isMissingNode()) {
      spec.set(field, value.deepCopy());
    }
  }
}
