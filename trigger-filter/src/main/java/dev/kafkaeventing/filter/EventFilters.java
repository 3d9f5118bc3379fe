package dev.kafkaeventing.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.filter.internal.AttributesFilter;
import dev.kafkaeventing.filter.internal.FilterCompiler;
import dev.kafkaeventing.filter.internal.MatchAllFilter;
import java.util.Map;

/**
 * Compiles Trigger filters into {@link EventFilter}s: Knative's {@code spec.filter.attributes},
 * and {@code spec.filters} with the CloudEvents Subscriptions API dialects ({@code exact}, {@code
 * prefix}, {@code suffix}, {@code all}, {@code any}, {@code not}, {@code cesql}) plus the {@code
 * cel} extension dialect. Attribute values are compared in their canonical string form.
 *
 * <p>Stateless and thread-safe; the filters it returns are immutable and thread-safe. Compiling
 * parses and checks expressions, so do it once per resource version, not per event.
 */
public final class EventFilters {

  private EventFilters() {}

  /** Matches every event. */
  public static EventFilter matchAll() {
    return MatchAllFilter.INSTANCE;
  }

  /**
   * Knative {@code spec.filter.attributes}: every listed attribute must be present; a non-empty
   * value must match exactly (case-sensitive), an empty value matches any value. An empty map
   * matches all events. Keys and values must not be null.
   */
  public static EventFilter attributes(Map<String, String> attributes) {
    return attributes.isEmpty() ? matchAll() : new AttributesFilter(Map.copyOf(attributes));
  }

  /**
   * {@code spec.filters}: a JSON array of dialect objects, all of which must match (an empty array
   * or null matches all events).
   *
   * @throws FilterException naming the path (e.g. {@code spec.filters[1].cesql}) and the reason
   *     (with the position in an expression) of the first invalid filter
   */
  public static EventFilter compile(JsonNode filters, FilterErrors errors) throws FilterException {
    return new FilterCompiler(errors).filters(filters, "spec.filters");
  }

  /** {@link #compile(JsonNode, FilterErrors)} counting no evaluation errors: to validate a resource. */
  public static EventFilter compile(JsonNode filters) throws FilterException {
    return compile(filters, FilterErrors.NONE);
  }

  /**
   * The filter of a Trigger, from the nodes of its {@code spec.filter} object and {@code
   * spec.filters} array (both nullable): {@code filters} wins when non-null and non-empty, else
   * {@code filter.attributes}, else all events match. Both are validated.
   */
  public static EventFilter forTrigger(JsonNode filter, JsonNode filters, FilterErrors errors)
      throws FilterException {
    EventFilter attributes = new FilterCompiler(errors).attributes(filter, "spec.filter");
    EventFilter subscriptionsApi = compile(filters, errors);
    boolean hasFilters = filters != null && filters.isArray() && !filters.isEmpty();
    return hasFilters ? subscriptionsApi : attributes;
  }

  /** {@link #forTrigger(JsonNode, JsonNode, FilterErrors)} counting no evaluation errors: to validate a resource. */
  public static EventFilter forTrigger(JsonNode filter, JsonNode filters) throws FilterException {
    return forTrigger(filter, filters, FilterErrors.NONE);
  }
}
