package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.RouteStats;
import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.filter.FilterException;
import dev.kafkaeventing.filter.FilterIndex;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of one Broker, as data the stream topology reads per event.
 *
 * <p>routes are data, not topology: a change rebuilds the filter index and publishes a new
 * immutable {@link RouteSet}; stream threads pick it up at their next event without restarting.
 * Writers (the control plane) are serialised by {@code synchronized}; readers never lock.
 */
public final class RouteRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(RouteRegistry.class);

  private final int maxInFlightPerRoute;
  private final LongSupplier nanoClock;
  private final Map<String, RouteRuntime> byUid = new ConcurrentHashMap<>();
  /** Each route's filter, compiled once per change of the route, not once per rebuild. */
  private final Map<String, EventFilter> filters = new ConcurrentHashMap<>();
  private final Map<String, RouteCounters> counters = new ConcurrentHashMap<>();
  private final SkippedRecords skippedRecords;
  private volatile RouteSet current = RouteSet.EMPTY;
  private volatile boolean loaded;
  private volatile boolean paused;

  public RouteRegistry(int maxInFlightPerRoute) {
    this(maxInFlightPerRoute, System::nanoTime);
  }

  /** @param nanoClock the ticks routes' rate limits are measured against */
  RouteRegistry(int maxInFlightPerRoute, LongSupplier nanoClock) {
    this(maxInFlightPerRoute, nanoClock, "stream");
  }

  /** @param stream names the stream in log lines ({@code broker default/default}) */
  public RouteRegistry(int maxInFlightPerRoute, String stream) {
    this(maxInFlightPerRoute, System::nanoTime, stream);
  }

  private RouteRegistry(int maxInFlightPerRoute, LongSupplier nanoClock, String stream) {
    this.maxInFlightPerRoute = maxInFlightPerRoute;
    this.nanoClock = nanoClock;
    this.skippedRecords = new SkippedRecords(stream, nanoClock);
  }

  /** How logs name the route {@code uid}: {@code Trigger ns/name}, or its uid when it is not known here. */
  public String label(String uid) {
    RouteRuntime runtime = byUid.get(uid);
    return runtime == null ? "route " + uid : runtime.route().label();
  }

  /** The records of the stream that were skipped because they are not CloudEvents. */
  public SkippedRecords skippedRecords() {
    return skippedRecords;
  }

  /** The snapshot to evaluate the next event against. */
  public RouteSet current() {
    return current;
  }

  /** Adds or replaces a route; its queued events, window and counters are kept across changes. */
  public synchronized void upsert(Route route) {
    try {
      filters.put(route.uid(), EventFilters.forTrigger(route.filter(), route.filters()));
    } catch (FilterException e) {
      // The control plane compiles filters before it builds a route; this is a safety net.
      LOG.error("Trigger {}/{} has an invalid filter and receives nothing: {}",
          route.namespace(), route.name(), e.getMessage());
      remove(route.uid());
      return;
    }
    RouteRuntime runtime = byUid.get(route.uid());
    if (runtime == null) {
      byUid.put(route.uid(), new RouteRuntime(route, maxInFlightPerRoute, counters(route.uid()), nanoClock));
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

  /** Every route of the stream is known: events queued for unknown uids may be dropped. */
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

  public RouteRuntime get(String uid) {
    return byUid.get(uid);
  }

  /** The compiled filter of a route, for replays. */
  public Optional<EventFilter> filter(String uid) {
    return Optional.ofNullable(filters.get(uid));
  }

  public boolean isEmpty() {
    return byUid.isEmpty();
  }

  /** The counters of a route uid on this instance, known or not (yet). */
  RouteCounters counters(String uid) {
    return counters.computeIfAbsent(uid, u -> new RouteCounters(nanoClock));
  }

  public Optional<RouteStats> stats(String uid) {
    return Optional.ofNullable(counters.get(uid)).map(RouteCounters::stats);
  }

  private void rebuild() {
    FilterIndex.Builder<RouteRuntime> index = FilterIndex.builder();
    for (RouteRuntime runtime : byUid.values()) {
      index.add(runtime, filters.get(runtime.uid()));
    }
    current = new RouteSet(index.build(), Map.copyOf(byUid));
  }
}
