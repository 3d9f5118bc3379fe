package dev.kafkaeventing.filter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.filter.FilterErrors;
import dev.kafkaeventing.filter.FilterException;
import dev.kafkaeventing.filter.internal.cel.CelFilter;
import dev.kafkaeventing.filter.internal.cesql.CesqlParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compiles filters as they appear in a resource's JSON (Knative {@code spec.filter} and {@code
 * spec.filters}, dialects of the CloudEvents Subscriptions API §3.2.4 plus {@code cel}) into
 * {@link CompiledFilter}s. Every error names the JSON path of the offending field. Immutable.
 */
public final class FilterCompiler {

  /** CloudEvents attribute naming: lower-case ASCII letters and digits. */
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]+");
  private static final List<String> DIALECTS =
      List.of("exact", "prefix", "suffix", "all", "any", "not", "cesql", "cel");

  private final FilterErrors errors;

  /** @param errors where the compiled expression filters report evaluation errors */
  public FilterCompiler(FilterErrors errors) {
    this.errors = java.util.Objects.requireNonNull(errors, "errors");
  }

  /** A {@code filters} array (implicit {@code all}); null, JSON null or empty match all events. */
  public CompiledFilter filters(JsonNode filters, String path) throws FilterException {
    if (isAbsent(filters)) {
      return MatchAllFilter.INSTANCE;
    }
    if (!filters.isArray()) {
      throw new FilterException(path, "must be an array of filters, found " + filters.getNodeType());
    }
    List<CompiledFilter> all = list(filters, path);
    return all.size() == 1 ? all.get(0) : all.isEmpty() ? MatchAllFilter.INSTANCE : new AllFilter(all);
  }

  /** A {@code filter} object: its {@code attributes} map; null or without attributes match all. */
  public CompiledFilter attributes(JsonNode filter, String path) throws FilterException {
    if (isAbsent(filter)) {
      return MatchAllFilter.INSTANCE;
    }
    if (!filter.isObject()) {
      throw new FilterException(path, "must be an object, found " + filter.getNodeType());
    }
    JsonNode attributes = filter.get("attributes");
    if (isAbsent(attributes) || attributes.isEmpty()) {
      return MatchAllFilter.INSTANCE;
    }
    return new AttributesFilter(attributeMap(attributes, path + ".attributes", true));
  }

  static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private List<CompiledFilter> list(JsonNode array, String path) throws FilterException {
    List<CompiledFilter> filters = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      filters.add(dialect(array.get(i), path + "[" + i + "]"));
    }
    return filters;
  }

  /** One dialect object: exactly one key naming the dialect. */
  CompiledFilter dialect(JsonNode node, String path) throws FilterException {
    if (node == null || !node.isObject()) {
      throw new FilterException(path, "must be an object with one of " + DIALECTS);
    }
    if (node.size() != 1) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      throw new FilterException(path, "must have exactly one dialect (one of " + DIALECTS
          + "), found " + (keys.isEmpty() ? "none" : keys));
    }
    Map.Entry<String, JsonNode> entry = node.properties().iterator().next();
    String dialectPath = path + "." + entry.getKey();
    JsonNode value = entry.getValue();
    switch (entry.getKey()) {
      case "exact":
        return new ExactFilter(attributeMap(value, dialectPath, false));
      case "prefix":
        return new PrefixFilter(attributeMap(value, dialectPath, false));
      case "suffix":
        return new SuffixFilter(attributeMap(value, dialectPath, false));
      case "all":
        return new AllFilter(nonEmptyList(value, dialectPath));
      case "any":
        return new AnyFilter(nonEmptyList(value, dialectPath));
      case "not":
        return new NotFilter(dialect(value, dialectPath));
      case "cesql":
        return cesql(expression(value, dialectPath), dialectPath);
      case "cel":
        return cel(expression(value, dialectPath), dialectPath);
      default:
        throw new FilterException(dialectPath,
            "unknown dialect '" + entry.getKey() + "' (expected one of " + DIALECTS + ")");
    }
  }

  private List<CompiledFilter> nonEmptyList(JsonNode value, String path)
      throws FilterException {
    if (!value.isArray() || value.isEmpty()) {
      throw new FilterException(path, "must be a non-empty array of filters");
    }
    return list(value, path);
  }

  /** A map of attribute name to string value; {@code mayBeEmpty} only for filter.attributes. */
  private static Map<String, String> attributeMap(JsonNode value, String path, boolean mayBeEmpty)
      throws FilterException {
    if (!value.isObject() || (value.isEmpty() && !mayBeEmpty)) {
      throw new FilterException(path, "must be a non-empty map of attribute names to strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      String entryPath = path + "." + entry.getKey();
      if (!ATTRIBUTE_NAME.matcher(entry.getKey()).matches()) {
        throw new FilterException(entryPath,
            "invalid attribute name: CloudEvents names are lower-case letters and digits");
      }
      if (!entry.getValue().isTextual()) {
        throw new FilterException(entryPath,
            "must be a string, found " + entry.getValue().getNodeType());
      }
      map.put(entry.getKey(), entry.getValue().textValue());
    }
    return map;
  }

  private static String expression(JsonNode value, String path) throws FilterException {
    if (!value.isTextual() || value.textValue().isBlank()) {
      throw new FilterException(path, "must be a non-empty expression string");
    }
    return value.textValue();
  }

  private CompiledFilter cesql(String expression, String path) throws FilterException {
    try {
      return CesqlFilter.compile(expression, errors);
    } catch (CesqlParseException e) {
      throw new FilterException(path, "invalid CESQL expression: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new FilterException(path, "invalid CESQL filter: " + e.getMessage());
    }
  }

  private CompiledFilter cel(String expression, String path) throws FilterException {
    try {
      return CelFilter.compile(expression, errors);
    } catch (IllegalArgumentException e) {
      throw new FilterException(path, "invalid CEL expression: " + e.getMessage());
    }
  }
}
