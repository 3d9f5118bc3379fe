package dev.kafkaeventing.platform.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes label selector matching ({@code matchLabels} and {@code matchExpressions} with
 * {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}), as the API server applies it.
 * Used where the platform selects from an informer's cache rather than asking the API server.
 * Stateless.
 */
final class LabelSelectors {

  private LabelSelectors() {}

  /**
   * Whether {@code labels} satisfy {@code selector}; an empty selector selects everything.
   *
   * @throws IllegalArgumentException naming the field when an operator is unknown
   */
  static boolean matches(JsonNode selector, Map<String, String> labels) {
    Map<String, String> present = labels == null ? Map.of() : labels;
    for (Map.Entry<String, JsonNode> entry : selector.path("matchLabels").properties()) {
      if (!entry.getValue().asText().equals(present.get(entry.getKey()))) {
        return false;
      }
    }
    int i = 0;
    for (JsonNode expression : selector.path("matchExpressions")) {
      if (!matches(expression, present, "matchExpressions[" + i++ + "]")) {
        return false;
      }
    }
    return true;
  }

  /** @throws IllegalArgumentException naming the field when an operator is unknown */
  static void validate(JsonNode selector) {
    int i = 0;
    for (JsonNode expression : selector.path("matchExpressions")) {
      matches(expression, Map.of(), "matchExpressions[" + i++ + "]");
    }
  }

  private static boolean matches(JsonNode expression, Map<String, String> labels, String path) {
    String key = expression.path("key").asText();
    Set<String> values = new HashSet<>();
    expression.path("values").forEach(v -> values.add(v.asText()));
    String operator = expression.path("operator").asText();
    return switch (operator) {
      case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
      case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
      case "Exists" -> labels.containsKey(key);
      case "DoesNotExist" -> !labels.containsKey(key);
      default -> throw new IllegalArgumentException(path + ".operator: '" + operator
          + "' is not In, NotIn, Exists or DoesNotExist");
    };
  }
}
