package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The part of the API server's validation of a custom resource against its CRD's structural
 * OpenAPI v3 schema that a manifest can get wrong: types, {@code properties}, {@code
 * additionalProperties}, {@code items}, {@code required}, {@code enum}, and unknown fields outside
 * {@code x-kubernetes-preserve-unknown-fields} (kubectl's strict field validation rejects them).
 * Also checks the schema itself is structural: every node says its type. Stateless.
 */
final class StructuralSchema {

  private StructuralSchema() {}

  /** Why the schema is not structural; empty when it is. */
  static List<String> structuralProblems(JsonNode schema, String path) {
    List<String> problems = new ArrayList<>();
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (!schema.has("type") && !preserve && !schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      problems.add(path + ": no type");
    }
    schema.path("properties").fields().forEachRemaining(
        p -> problems.addAll(structuralProblems(p.getValue(), path + "." + p.getKey())));
    if (schema.has("items")) {
      problems.addAll(structuralProblems(schema.get("items"), path + "[]"));
    }
    if (schema.path("additionalProperties").isObject()) {
      problems.addAll(structuralProblems(schema.get("additionalProperties"), path + ".*"));
    }
    return problems;
  }

  /** Every way {@code value} breaks {@code schema}; empty when it is valid. */
  static List<String> validate(JsonNode schema, JsonNode value, String path) {
    List<String> errors = new ArrayList<>();
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !hasType(value, type)) {
      errors.add(path + ": expected " + type + ", found " + value.getNodeType().name().toLowerCase());
      return errors;
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode allowed : schema.get("enum")) {
        listed |= allowed.equals(value);
      }
      if (!listed) {
        errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    if (value.isObject()) {
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asText())) {
          errors.add(path + "." + required.asText() + ": required");
        }
      }
      JsonNode properties = schema.path("properties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String fieldPath = path + "." + field.getKey();
        if (properties.has(field.getKey())) {
          errors.addAll(validate(properties.get(field.getKey()), field.getValue(), fieldPath));
        } else if (schema.path("additionalProperties").isObject()) {
          errors.addAll(validate(schema.get("additionalProperties"), field.getValue(), fieldPath));
        } else if (!preserve && !properties.isMissingNode()) {
          errors.add(fieldPath + ": unknown field");
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        errors.addAll(validate(schema.get("items"), value.get(i), path + "[" + i + "]"));
      }
    }
    return errors;
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> false;
    };
  }
}
