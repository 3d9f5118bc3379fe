package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * kubectl's equality-based label selector ({@code -l}): {@code key=value}, {@code key==value},
 * {@code key!=value}, {@code key} (has the label) and {@code !key} (has it not), joined by commas,
 * all of which must hold. Immutable.
 */
final class LabelSelector {

  private record Requirement(String key, String op, String value) {
    boolean matches(JsonNode labels) {
      JsonNode label = labels.path(key);
      return switch (op) {
        case "exists" -> !label.isMissingNode();
        case "!exists" -> label.isMissingNode();
        case "=" -> label.isTextual() && label.asText().equals(value);
        default -> !(label.isTextual() && label.asText().equals(value));
      };
    }
  }

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  /**
   * Parses a selector.
   *
   * @throws IllegalArgumentException naming the part that is not a requirement
   */
  static LabelSelector parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    for (String part : selector.split(",", -1)) {
      String text = part.strip();
      Requirement requirement;
      if (text.contains("!=")) {
        requirement = new Requirement(text.substring(0, text.indexOf("!=")).strip(), "!=",
            text.substring(text.indexOf("!=") + 2).strip());
      } else if (text.contains("==")) {
        requirement = new Requirement(text.substring(0, text.indexOf("==")).strip(), "=",
            text.substring(text.indexOf("==") + 2).strip());
      } else if (text.contains("=")) {
        requirement = new Requirement(text.substring(0, text.indexOf('=')).strip(), "=",
            text.substring(text.indexOf('=') + 1).strip());
      } else if (text.startsWith("!")) {
        requirement = new Requirement(text.substring(1).strip(), "!exists", null);
      } else {
        requirement = new Requirement(text, "exists", null);
      }
      if (!requirement.key().matches("[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?")
          || requirement.value() != null && requirement.value().contains("=")) {
        throw new IllegalArgumentException("invalid label selector '" + selector + "': '" + text
            + "' is not key=value, key!=value, key or !key");
      }
      requirements.add(requirement);
    }
    return new LabelSelector(List.copyOf(requirements));
  }

  /** Whether a resource's {@code metadata.labels} satisfy every requirement. */
  boolean matches(JsonNode resource) {
    JsonNode labels = resource.path("metadata").path("labels");
    return requirements.stream().allMatch(r -> r.matches(labels));
  }
}
