package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Json;
import dev.kafkaeventing.crds.internal.Names;
import dev.kafkaeventing.crds.internal.Node;
import java.util.List;
import java.util.Map;

/** Readers for fields every source shares ({@code sink}, {@code ceOverrides}) and raw objects. */
final class SourceFields {

  private SourceFields() {}

  /** The required {@code sink}. */
  static Destination sink(Node spec) {
    return Destination.readRequired(spec.field("sink"));
  }

  /** {@code ceOverrides.extensions}: extension attributes added to every event; empty when none. */
  static Map<String, String> ceOverrides(Node spec) {
    Node overrides = spec.field("ceOverrides");
    if (!overrides.isObject()) {
      return Map.of();
    }
    overrides.allowOnly("extensions");
    Node extensions = overrides.field("extensions");
    Map<String, String> map = extensions.stringMap();
    map.keySet().forEach(name ->
        Names.checkCloudEventsAttribute(name).ifPresent(extensions.entry(name)::error));
    return map;
  }

  /** A copy of an optional object field; null when absent or not an object (reported). */
  static ObjectNode object(Node field) {
    return field.isObject() ? (ObjectNode) field.value().deepCopy() : null;
  }

  /** A copy of any optional field; null when absent. */
  static JsonNode raw(Node field) {
    return Json.copyOrNull(field.value());
  }

  /** A required non-empty list of non-empty strings. */
  static List<String> requiredStrings(Node field) {
    List<String> values = field.stringList();
    if (values.isEmpty() && (!field.isPresent() || field.value().isArray())) {
      field.error("required: at least one value");
    }
    return values;
  }
}
