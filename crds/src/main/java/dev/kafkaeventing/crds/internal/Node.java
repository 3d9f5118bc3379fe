package dev.kafkaeventing.crds.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cursor over one field of a parsed document: knows the field's path ({@code spec.steps[0].uri})
 * and reports type and value problems against that path into a shared {@link Problems}.
 * Readers return {@code null} for absent or invalid values, so a caller reads every field and
 * every problem is collected.
 *
 * <p>Not thread-safe (shares its {@link Problems}); lives for one read of one document.
 */
public final class Node {

  private final JsonNode value;
  private final String path;
  private final Problems problems;
  private final boolean strict;

  private Node(JsonNode value, String path, Problems problems, boolean strict) {
    this.value = value;
    this.path = path;
    this.problems = problems;
    this.strict = strict;
  }

  /**
   * A lenient cursor on {@code value} reported as {@code path} (empty for a document's root):
   * unknown fields are ignored, as when reading a resource that was accepted earlier.
   */
  public static Node root(JsonNode value, String path, Problems problems) {
    return new Node(value, path, problems, false);
  }

  /**
   * A strict cursor: {@link #allowOnly} reports fields it does not list, as kubectl's strict
   * field validation does when a resource is applied.
   */
  public static Node strictRoot(JsonNode value, String path, Problems problems) {
    return new Node(value, path, problems, true);
  }

  public Node field(String name) {
    JsonNode child = value != null && value.isObject() ? value.get(name) : null;
    return new Node(child, path.isEmpty() ? name : path + "." + name, problems, strict);
  }

  /** A map entry; keys are bracketed because they may contain dots ({@code data[a.b]}). */
  public Node entry(String key) {
    JsonNode child = value != null && value.isObject() ? value.get(key) : null;
    return new Node(child, path + "[" + key + "]", problems, strict);
  }

  public Node index(int i) {
    JsonNode child = value != null && value.isArray() ? value.get(i) : null;
    return new Node(child, path + "[" + i + "]", problems, strict);
  }

  /**
   * On a strict cursor over an object, reports every field not in {@code known} as an unknown
   * field, suggesting the closest known name; does nothing on a lenient cursor. Readers call it
   * for each object whose fields they define, and not for free-form maps (labels, ConfigMap
   * data, CloudEvents attributes).
   */
  public void allowOnly(String... known) {
    if (!strict || value == null || !value.isObject()) {
      return;
    }
    List<String> names = Arrays.asList(known);
    for (String name : fieldNames()) {
      if (!names.contains(name)) {
        field(name).error(Suggestions.unknownField(path, name, names));
      }
    }
  }

  public String path() {
    return path;
  }

  /** The raw value, or {@code null} when absent; callers must not modify it. */
  public JsonNode value() {
    return isPresent() ? value : null;
  }

  public Problems problems() {
    return problems;
  }

  /** Whether the field is set to anything but null. */
  public boolean isPresent() {
    return value != null && !value.isNull() && !value.isMissingNode();
  }

  public void error(String message) {
    problems.add(path, message);
  }

  /** True when present and an object; reports a problem when present but not an object. */
  public boolean isObject() {
    if (!isPresent()) {
      return false;
    }
    if (!value.isObject()) {
      error("must be an object, found " + describe(value));
      return false;
    }
    return true;
  }

  /** Like {@link #isObject()}, and reports {@code required} when absent. */
  public boolean requireObject() {
    if (!isPresent()) {
      error("required");
      return false;
    }
    return isObject();
  }

  /** The text, or null when absent (an empty string counts as absent), or not a string. */
  public String string() {
    if (!isPresent()) {
      return null;
    }
    if (!value.isTextual()) {
      error("must be a string, found " + describe(value));
      return null;
    }
    return value.asText().isEmpty() ? null : value.asText();
  }

  public String requiredString() {
    if (!isPresent() || (value.isTextual() && value.asText().isEmpty())) {
      error("required");
      return null;
    }
    return string();
  }

  /** The text when it is one of {@code allowed}; otherwise null and a problem. */
  public String oneOf(String... allowed) {
    String text = string();
    if (text != null && !Arrays.asList(allowed).contains(text)) {
      error("'" + text + "' is not one of: " + String.join(", ", allowed));
      return null;
    }
    return text;
  }

  public Boolean bool() {
    if (!isPresent()) {
      return null;
    }
    if (!value.isBoolean()) {
      error("must be true or false, found " + describe(value));
      return null;
    }
    return value.asBoolean();
  }

  /** An integer in {@code [min, max]}, or null when absent or invalid. */
  public Integer integer(int min, int max) {
    if (!isPresent()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      error("must be an integer, found " + describe(value));
      return null;
    }
    int i = value.intValue();
    if (i < min || i > max) {
      error(max == Integer.MAX_VALUE ? "must be >= " + min + ", was " + i
          : "must be between " + min + " and " + max + ", was " + i);
      return null;
    }
    return i;
  }

  /** A non-negative long, or null when absent or invalid. */
  public Long nonNegativeLong() {
    if (!isPresent()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
      error("must be a non-negative integer, found " + describe(value));
      return null;
    }
    return value.longValue();
  }

  /** An ISO-8601 duration; zero is accepted only when {@code allowZero}; negatives never. */
  public Duration duration(boolean allowZero) {
    String text = string();
    if (text == null) {
      return null;
    }
    Duration d = IsoDurations.parse(text).orElse(null);
    if (d == null) {
      error("'" + text + "' is not an ISO-8601 duration");
    } else if (d.isNegative()) {
      error("'" + text + "' must not be negative");
      d = null;
    } else if (d.isZero() && !allowZero) {
      error("'" + text + "' must be greater than zero");
      d = null;
    }
    return d;
  }

  /** The elements of a list, or an empty list when absent or not a list (reported). */
  public List<Node> elements() {
    if (!isPresent()) {
      return List.of();
    }
    if (!value.isArray()) {
      error("must be a list, found " + describe(value));
      return List.of();
    }
    List<Node> out = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      out.add(index(i));
    }
    return out;
  }

  /** A list of non-empty strings; problems are reported per element. */
  public List<String> stringList() {
    List<String> out = new ArrayList<>();
    for (Node element : elements()) {
      String s = element.requiredString();
      if (s != null) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  /** A map of string values (empty strings kept), in document order; empty when absent. */
  public Map<String, String> stringMap() {
    Map<String, String> out = new LinkedHashMap<>();
    if (!isObject()) {
      return out;
    }
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      if (e.getValue().isTextual()) {
        out.put(e.getKey(), e.getValue().asText());
      } else {
        entry(e.getKey()).error("must be a string, found " + describe(e.getValue())
            + (e.getValue().isValueNode() ? "; quote the value" : ""));
      }
    }
    return out;
  }

  /** Field names of an object (empty when absent or not an object). */
  public List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    if (value != null && value.isObject()) {
      value.properties().forEach(e -> names.add(e.getKey()));
    }
    return names;
  }

  static String describe(JsonNode v) {
    if (v.isTextual()) {
      return "string '" + v.asText() + "'";
    }
    if (v.isContainerNode()) {
      return v.isArray() ? "a list" : "an object";
    }
    return (v.isNumber() ? "number " : v.isBoolean() ? "boolean " : "") + v.toString();
  }
}
