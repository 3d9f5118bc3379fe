package dev.kafkaeventing.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.filter.internal.CompiledFilter;
import dev.kafkaeventing.filter.internal.EventView;
import dev.kafkaeventing.filter.internal.ExternalFilter;
import dev.kafkaeventing.filter.internal.IndexGuard;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The filters of many triggers (of one broker), indexed: given an event, yields the keys whose
 * filter matches. A filter that implies an exact-match condition (an {@code attributes} value, an
 * {@code exact} dialect, also inside {@code all}, or the same attribute in every branch of an
 * {@code any}) is filed in a hash table under the value(s) it requires, and is evaluated only for
 * events carrying such a value; the others are evaluated for every event. So 1,000 triggers on
 * distinct types cost one hash lookup, not 1,000 evaluations.
 *
 * <p>Immutable and thread-safe once built. Rebuild it when the set of triggers changes; rebuilding
 * from already compiled filters ({@link Builder#add(Object, EventFilter)}) is cheap.
 *
 * @param <K> the trigger key (e.g. the trigger's name); keys must be unique
 */
public final class FilterIndex<K> {

  private record Entry<K>(K key, CompiledFilter filter, FilterErrors errors) {}

  private final String[] attributes;
  private final List<Map<String, List<Entry<K>>>> tables;
  private final List<Entry<K>> scanned;
  private final int size;

  private FilterIndex(Map<String, Map<String, List<Entry<K>>>> tables, List<Entry<K>> scanned,
      int size) {
    this.attributes = tables.keySet().toArray(String[]::new);
    List<Map<String, List<Entry<K>>>> frozen = new ArrayList<>();
    for (String attribute : attributes) {
      Map<String, List<Entry<K>>> table = new HashMap<>();
      tables.get(attribute).forEach((value, entries) -> table.put(value, List.copyOf(entries)));
      frozen.add(table);
    }
    this.tables = List.copyOf(frozen);
    this.scanned = List.copyOf(scanned);
    this.size = size;
  }

  public static <K> Builder<K> builder() {
    return new Builder<>();
  }

  /**
   * Calls {@code sink} with the key of every filter {@code event} matches, each once, in no
   * particular order. Runs on the caller's thread; reads each indexed attribute of the event once.
   */
  public void forEachMatch(CloudEvent event, Consumer<K> sink) {
    EventView view = new EventView(event);
    for (int i = 0; i < attributes.length; i++) {
      String value = view.attribute(attributes[i]);
      List<Entry<K>> candidates = value == null ? null : tables.get(i).get(value);
      if (candidates != null) {
        evaluate(candidates, view, sink);
      }
    }
    evaluate(scanned, view, sink);
  }

  /** The number of filters (triggers) in the index. */
  public int size() {
    return size;
  }

  /** How many filters are evaluated for every event because no exact-match key was found. */
  int scannedCount() {
    return scanned.size();
  }

  private static <K> void evaluate(List<Entry<K>> entries, EventView view, Consumer<K> sink) {
    for (int i = 0; i < entries.size(); i++) {
      Entry<K> entry = entries.get(i);
      view.reportTo(entry.errors());
      if (entry.filter().matches(view)) {
        sink.accept(entry.key());
      }
    }
  }

  @Override
  public String toString() {
    return "FilterIndex[" + size + " filters, " + (size - scanned.size()) + " indexed on "
        + List.of(attributes) + "]";
  }

  /** Collects filters by key. Not thread-safe; use once. */
  public static final class Builder<K> {

    private final Map<K, Entry<K>> filters = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds the filter of a Trigger from its {@code spec.filter} and {@code spec.filters} nodes (see
     * {@link EventFilters#forTrigger}).
     *
     * @throws FilterException if the filter is invalid
     * @throws IllegalArgumentException if {@code key} was already added
     */
    public Builder<K> add(K key, JsonNode filter, JsonNode filters) throws FilterException {
      return add(key, EventFilters.forTrigger(filter, filters));
    }

    /**
     * Adds an already compiled filter. Filters from {@link EventFilters} can be indexed; other
     * implementations are evaluated for every event.
     *
     * @throws IllegalArgumentException if {@code key} was already added
     */
    public Builder<K> add(K key, EventFilter filter) {
      return add(key, filter, FilterErrors.NONE);
    }

    /**
     * Adds an already compiled filter whose evaluation errors, when evaluated by this index, go to
     * {@code errors} too (see {@link EventFilter#test(CloudEvent, FilterErrors)}): one filter
     * compiled without a sink can count its errors per route and instance.
     *
     * @throws IllegalArgumentException if {@code key} was already added
     */
    public Builder<K> add(K key, EventFilter filter, FilterErrors errors) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(filter, "filter");
      Objects.requireNonNull(errors, "errors");
      if (filters.putIfAbsent(key, new Entry<>(key, ExternalFilter.of(filter), errors)) != null) {
        throw new IllegalArgumentException("duplicate key " + key);
      }
      return this;
    }

    public FilterIndex<K> build() {
      Map<String, Map<String, List<Entry<K>>>> tables = new LinkedHashMap<>();
      List<Entry<K>> scanned = new ArrayList<>();
      filters.values().forEach(entry -> {
        IndexGuard guard = entry.filter().guard();
        if (guard == null) {
          scanned.add(entry);
          return;
        }
        Map<String, List<Entry<K>>> table =
            tables.computeIfAbsent(guard.attribute(), attribute -> new HashMap<>());
        for (String value : guard.values()) {
          table.computeIfAbsent(value, v -> new ArrayList<>()).add(entry);
        }
      });
      return new FilterIndex<>(tables, scanned, filters.size());
    }
  }
}
