package dev.kafkaeventing.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled filter of each resource (a Trigger, a Subscription), compiled again only when the
 * resource's filter JSON changes: a reconciler reconciles a resource version many times (its
 * Broker or dispatcher getting ready, a requeue), and hands the same compiled filter to the data
 * plane each time. Filters are compiled with no error sink of their own (the data plane counts
 * evaluation errors per route, see {@link EventFilter#test(io.cloudevents.CloudEvent, FilterErrors)}).
 *
 * <p>Thread-safe.
 *
 * @param <K> the resource key
 */
public final class FilterCache<K> {

  private record Compiled(JsonNode filter, JsonNode filters, EventFilter compiled) {}

  private final Map<K, Compiled> byKey = new ConcurrentHashMap<>();

  /**
   * The filter of a Trigger (see {@link EventFilters#forTrigger(JsonNode, JsonNode)}): the one
   * compiled before for {@code key} when both nodes are equal to the ones it was compiled from.
   *
   * @throws FilterException if the filter is invalid (nothing is then kept for {@code key})
   */
  public EventFilter forTrigger(K key, JsonNode filter, JsonNode filters) throws FilterException {
    Objects.requireNonNull(key, "key");
    Compiled known = byKey.get(key);
    if (known != null && Objects.equals(known.filter(), filter) && Objects.equals(known.filters(), filters)) {
      return known.compiled();
    }
    try {
      EventFilter compiled = EventFilters.forTrigger(filter, filters);
      byKey.put(key, new Compiled(copy(filter), copy(filters), compiled));
      return compiled;
    } catch (FilterException e) {
      byKey.remove(key);
      throw e;
    }
  }

  /**
   * A Subscriptions API {@code filters} array (see {@link EventFilters#compile(JsonNode)}), cached
   * as {@link #forTrigger} is.
   */
  public EventFilter compile(K key, JsonNode filters) throws FilterException {
    return forTrigger(key, null, filters);
  }

  /** The resource is gone. */
  public void forget(K key) {
    byKey.remove(key);
  }

  private static JsonNode copy(JsonNode node) {
    return node == null ? null : node.deepCopy();
  }
}
