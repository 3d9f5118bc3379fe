package dev.kafkaeventing.broker.internal.dispatch;

import dev.kafkaeventing.broker.TriggerRoute;
import dev.kafkaeventing.broker.TriggerStats;
import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.filter.FilterException;
import dev.kafkaeventing.filter.FilterIndex;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Triggers of one Broker, as data the broker topology reads per event.
 *
 * <p>Triggers are data, not topology: a change rebuilds the filter index and publishes a new
 * immutable {@link TriggerSet}; stream threads pick it up at their next event without restarting.
 * Writers (the control plane) are serialised by {@code synchronized}; readers never lock.
 */
public final class TriggerRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(TriggerRegistry.class);

  private final int maxInFlightPerTrigger;
  private final Map<String, TriggerRuntime> byUid = new ConcurrentHashMap<>();
  /** Each Trigger's filter, compiled once per change of the Trigger, not once per rebuild. */
  private final Map<String, EventFilter> filters = new ConcurrentHashMap<>();
  private final Map<String, TriggerCounters> counters = new ConcurrentHashMap<>();
  private volatile TriggerSet current = TriggerSet.EMPTY;
  private volatile boolean loaded;
  private volatile boolean paused;

  public TriggerRegistry(int maxInFlightPerTrigger) {
    this.maxInFlightPerTrigger = maxInFlightPerTrigger;
  }

  /** The snapshot to evaluate the next event against. */
  public TriggerSet current() {
    return current;
  }

  /** Adds or replaces a Trigger; its queued events, window and counters are kept across changes. */
  public synchronized void upsert(TriggerRoute route) {
    try {
      filters.put(route.uid(), EventFilters.forTrigger(route.filter(), route.filters()));
    } catch (FilterException e) {
      // The control plane compiles filters before it builds a route; this is a safety net.
      LOG.error("Trigger {}/{} has an invalid filter and receives nothing: {}",
          route.namespace(), route.name(), e.getMessage());
      remove(route.uid());
      return;
    }
    TriggerRuntime runtime = byUid.get(route.uid());
    if (runtime == null) {
      byUid.put(route.uid(), new TriggerRuntime(route, maxInFlightPerTrigger, counters(route.uid())));
    } else {
      runtime.update(route);
    }
    rebuild();
  }

  public synchronized void remove(String uid) {
    filters.remove(uid);
    if (byUid.remove(uid) != null) {
      rebuild();
    }
  }

  /** Every Trigger of the broker is known: events queued for unknown uids may be dropped. */
  public void markLoaded() {
    loaded = true;
  }

  boolean isLoaded() {
    return loaded;
  }

  /** Stops handing events to subscribers (shutting down); completions are still taken in. */
  public void pause() {
    paused = true;
  }

  boolean isPaused() {
    return paused;
  }

  public TriggerRuntime get(String uid) {
    return byUid.get(uid);
  }

  /** The compiled filter of a Trigger, for replays. */
  public Optional<EventFilter> filter(String uid) {
    return Optional.ofNullable(filters.get(uid));
  }

  public boolean isEmpty() {
    return byUid.isEmpty();
  }

  /** The counters of a Trigger uid on this instance, known or not (yet). */
  TriggerCounters counters(String uid) {
    return counters.computeIfAbsent(uid, u -> new TriggerCounters());
  }

  public Optional<TriggerStats> stats(String uid) {
    return Optional.ofNullable(counters.get(uid)).map(TriggerCounters::stats);
  }

  private void rebuild() {
    FilterIndex.Builder<TriggerRuntime> index = FilterIndex.builder();
    for (TriggerRuntime runtime : byUid.values()) {
      index.add(runtime, filters.get(runtime.uid()));
    }
    current = new TriggerSet(index.build(), Map.copyOf(byUid));
  }
}
