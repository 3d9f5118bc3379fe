package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kafkaeventing.crds.internal.Json;
import dev.kafkaeventing.crds.internal.Names;
import dev.kafkaeventing.crds.internal.Node;
import java.util.Map;
import java.util.Objects;

/**
 * A Trigger's spec: which broker it listens to, which events it selects, and where they go.
 * {@code filter.attributes} is the exact-match filter; {@code filters} (the Subscriptions API
 * dialects: exact, prefix, suffix, all, any, not, cesql) is kept raw here and compiled by the
 * trigger-filter module. Immutable and thread-safe; {@link #filters()} returns a copy.
 *
 * @param filterAttributes empty when there is no attributes filter; an empty value matches any
 * @param filters the {@code filters} list, or null when not given
 * @param delivery null when not given
 */
public record TriggerSpec(String broker, Map<String, String> filterAttributes, ArrayNode filters,
    Destination subscriber, DeliverySpec delivery) {

  public TriggerSpec {
    SpecViews.requireText(broker, "broker");
    filterAttributes = filterAttributes == null ? Map.of() : Map.copyOf(filterAttributes);
    filters = filters == null ? null : filters.deepCopy();
    Objects.requireNonNull(subscriber, "subscriber");
  }

  @Override
  public ArrayNode filters() {
    return filters == null ? null : filters.deepCopy();
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static TriggerSpec from(Resource resource) {
    return SpecViews.from(resource, TriggerSpec::read, ResourceKind.TRIGGER);
  }

  static TriggerSpec read(Node spec) {
    spec.allowOnly("broker", "filter", "filters", "subscriber", "delivery");
    int mark = spec.problems().mark();
    String broker = spec.field("broker").requiredString();
    Map<String, String> attributes = Map.of();
    Node filter = spec.field("filter");
    if (filter.isObject()) {
      filter.allowOnly("attributes");
      Node attributesNode = filter.field("attributes");
      attributes = attributesNode.stringMap();
      attributes.keySet().forEach(name -> Names.checkCloudEventsAttribute(name)
          .ifPresent(attributesNode.entry(name)::error));
    }
    ArrayNode filters = readFilters(spec.field("filters"));
    Destination subscriber = Destination.readRequired(spec.field("subscriber"));
    DeliverySpec delivery = DeliverySpec.read(spec.field("delivery"));
    return spec.problems().cleanSince(mark)
        ? new TriggerSpec(broker, attributes, filters, subscriber, delivery)
        : null;
  }

  /**
   * Checks that {@code filters} is a list of non-empty objects, each naming a dialect; the
   * dialects themselves are validated where they are compiled. Shared with Parallel branches.
   */
  static ArrayNode readFilters(Node filters) {
    if (!filters.isPresent()) {
      return null;
    }
    for (Node filter : filters.elements()) {
      if (filter.requireObject() && filter.fieldNames().isEmpty()) {
        filter.error("a filter must name a dialect (exact, prefix, suffix, all, any, not, cesql)");
      }
    }
    JsonNode value = filters.value();
    return value.isArray() ? (ArrayNode) Json.copyOrNull(value) : null;
  }
}
