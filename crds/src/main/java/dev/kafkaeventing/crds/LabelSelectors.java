package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes label selector matching ({@code matchLabels} and {@code matchExpressions} with
 * {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}), as the API server applies it,
 * for selectors the platform applies itself (a SinkBinding's subject, an ApiServerSource's
 * namespaces). Stateless.
 */
public final class LabelSelectors {

  private LabelSelectors() {}

  /**
   * Whether {@code labels} satisfy {@code selector}; an empty selector selects everything, an
   * expression with an unknown operator nothing ({@link #validate} refuses it).
   */
  public static boolean matches(JsonNode selector, Map<String, String> labels) {
    Map<String, String> present = labels == null ? Map.of() : labels;
    for (Map.Entry<String, JsonNode> entry : selector.path("matchLabels").properties()) {
      if (!entry.getValue().asText().equals(present.get(entry.getKey()))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      if (!satisfies(expression, present)) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param path the selector's field path, for the message
   * @throws IllegalArgumentException naming the field when an operator is unknown
   */
  public static void validate(JsonNode selector, String path) {
    int i = 0;
    for (JsonNode expression : selector.path("matchExpressions")) {
      String operator = expression.path("operator").asText();
      if (!Set.of("In", "NotIn", "Exists", "DoesNotExist").contains(operator)) {
        throw new IllegalArgumentException(path + ".matchExpressions[" + i + "].operator: '" + operator
            + "' is not In, NotIn, Exists or DoesNotExist");
      }
      i++;
    }
  }

  private static boolean satisfies(JsonNode expression, Map<String, String> labels) {
    String key = expression.path("key").asText();
    Set<String> values = new HashSet<>();
    expression.path("values").forEach(v -> values.add(v.asText()));
    String operator = expression.path("operator").asText();
    return switch (operator) {
      case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
      case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
      case "Exists" -> labels.containsKey(key);
      case "DoesNotExist" -> !labels.containsKey(key);
      default -> false;
    };
  }
}
