package dev.kafkaeventing.filter.internal.cel;

import dev.cel.runtime.CelVariableResolver;
import dev.kafkaeventing.filter.internal.EventView;
import io.cloudevents.CloudEvent;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CEL variable {@code event}: a read-only map from attribute and extension names to their
 * canonical string values (whatever binding the event came through, so expressions behave the same
 * for binary and structured events), plus {@code data} when the data is JSON. Values are looked up
 * lazily; the data is parsed on first access, once per event however many CEL filters use it.
 *
 * <p>Not thread-safe: belongs to one {@link EventView}.
 */
final class CelEventMap extends AbstractMap<String, Object> {

  static final String VARIABLE = "event";
  private static final String DATA = "data";

  private final EventView view;
  private final Optional<Object> self = Optional.of(this);
  private final CelVariableResolver variables =
      name -> VARIABLE.equals(name) ? self : Optional.empty();
  private Object data;
  private boolean dataRead;

  private CelEventMap(EventView view) {
    this.view = view;
  }

  /** The map of {@code view}'s event, shared through the view by all CEL filters. */
  static CelEventMap of(EventView view) {
    Object existing = view.celEvent();
    if (existing instanceof CelEventMap) {
      return (CelEventMap) existing;
    }
    CelEventMap map = new CelEventMap(view);
    view.celEvent(map);
    return map;
  }

  /** The CEL variables: this map as {@code event}. */
  CelVariableResolver variables() {
    return variables;
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String)) {
      return null;
    }
    return DATA.equals(key) ? data() : view.attribute((String) key);
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    // Only for whole-map operations (rare in filters): materialise everything.
    CloudEvent event = view.event();
    Map<String, Object> all = new LinkedHashMap<>();
    for (String name : event.getAttributeNames()) {
      putIfPresent(all, name);
    }
    for (String name : event.getExtensionNames()) {
      putIfPresent(all, name);
    }
    putIfPresent(all, DATA);
    return all.entrySet();
  }

  private void putIfPresent(Map<String, Object> all, String name) {
    Object value = get(name);
    if (value != null) {
      all.put(name, value);
    }
  }

  private Object data() {
    if (!dataRead) {
      data = JsonData.read(view.event());
      dataRead = true;
    }
    return data;
  }
}
