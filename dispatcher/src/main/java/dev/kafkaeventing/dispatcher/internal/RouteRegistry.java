package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.RouteStats;
import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.FilterErrors;
import dev.kafkaeventing.filter.FilterIndex;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The routes of one Broker, as data the stream topology reads per event.
 *
 * <p>routes are data, not topology: a change rebuilds the filter index and publishes a new
 * immutable {@link RouteSet}; stream threads pick it up at their next event without restarting.
 * Each route's filter is used as the route carries it (compiled by the control plane); its
 * evaluation errors are counted per route here, as it is evaluated.
 * Writers (the control plane) are serialised by {@code synchronized}; readers never lock.
 */
public final class RouteRegistry {

  private final int maxInFlightPerRoute;
  private final LongSupplier nanoClock;
  private final RouteMetrics metrics;
  private final Map<String, RouteRuntime> byUid = new ConcurrentHashMap<>();
  /** Where each route's filter evaluation errors are counted on this instance. */
  private final Map<String, FilterErrors> filterErrors = new ConcurrentHashMap<>();
  private final Map<String, RouteCounters> counters = new ConcurrentHashMap<>();
  private final SkippedRecords skippedRecords;
  private volatile RouteSet current = RouteSet.EMPTY;
  private volatile boolean loaded;
  private volatile boolean paused;
  /** The stream's partitions assigned to this instance, and all of them; (0, 0) before it is known. */
  private volatile PartitionShare share = PartitionShare.UNKNOWN;
  private volatile WindowListener windows = WindowListener.NONE;

  /** Told each route's window to its subscriber as it changes (e.g. to let the connections follow). */
  @FunctionalInterface
  public interface WindowListener {
    WindowListener NONE = (subscriber, uid, window) -> {};

    /** {@code uid} now keeps up to {@code window} events in flight to {@code subscriber}; 0: none any more. */
    void window(java.net.URI subscriber, String uid, int window);
  }

  /** A registry that reports no metrics, on the system clock. */
  public RouteRegistry(int maxInFlightPerRoute) {
    this(maxInFlightPerRoute, null);
  }

  /** @param metrics where the routes' filter errors and delivery times go; null for none */
  public RouteRegistry(int maxInFlightPerRoute, RouteMetrics metrics) {
    this(maxInFlightPerRoute, metrics, System::nanoTime, "stream");
  }

  /**
   * @param metrics where the routes' filter errors and delivery times go; null for none
   * @param stream names the stream in log lines ({@code broker default/default})
   */
  public RouteRegistry(int maxInFlightPerRoute, RouteMetrics metrics, String stream) {
    this(maxInFlightPerRoute, metrics, System::nanoTime, stream);
  }

  /** @param nanoClock the ticks routes' rate limits are measured against */
  RouteRegistry(int maxInFlightPerRoute, RouteMetrics metrics, LongSupplier nanoClock) {
    this(maxInFlightPerRoute, metrics, nanoClock, "stream");
  }

  private RouteRegistry(int maxInFlightPerRoute, RouteMetrics metrics, LongSupplier nanoClock, String stream) {
    this.maxInFlightPerRoute = maxInFlightPerRoute;
    this.metrics = metrics;
    this.nanoClock = nanoClock;
    this.skippedRecords = new SkippedRecords(stream, nanoClock);
  }

  /** Tells {@code listener} every route's window now and each change from now on. */
  public synchronized void onWindows(WindowListener listener) {
    windows = java.util.Objects.requireNonNull(listener, "listener");
    byUid.values().forEach(runtime -> listener.window(runtime.route().target().subscriber(), runtime.uid(),
        runtime.window()));
  }

  private void windowOf(RouteRuntime runtime) {
    windows.window(runtime.route().target().subscriber(), runtime.uid(), runtime.window());
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
    filterErrors.put(route.uid(), metrics == null ? FilterErrors.NONE : metrics.filterErrors(route));
    RouteRuntime runtime = byUid.get(route.uid());
    if (runtime == null) {
      runtime = new RouteRuntime(route, maxInFlightPerRoute, counters(route.uid()), nanoClock, share.fraction());
      byUid.put(route.uid(), runtime);
    } else {
      java.net.URI before = runtime.route().target().subscriber();
      runtime.update(route);
      if (!before.equals(route.target().subscriber())) {
        windows.window(before, route.uid(), 0);
      }
    }
    runtime.deliveryTimes(metrics == null ? RouteMetrics.DeliveryTimes.NONE : metrics.deliveryTimes(route));
    rebuild();
    windowOf(runtime);
  }

  /**
   * The stream's partitions now assigned to this instance: its routes' own limits are split by
   * that share from now on (see {@link PartitionShare#fraction}).
   */
  public synchronized void share(PartitionShare newShare) {
    if (newShare.equals(share)) {
      return;
    }
    share = newShare;
    byUid.values().forEach(runtime -> {
      runtime.share(newShare.fraction());
      windowOf(runtime);
    });
  }

  /** The stream's partitions assigned here, as last seen. */
  public PartitionShare share() {
    return share;
  }

  /** The new events per second a route is allowed on this instance now (0: unlimited); empty when not served here. */
  public OptionalDouble eventsPerSecond(String uid) {
    RouteRuntime runtime = byUid.get(uid);
    return runtime == null ? OptionalDouble.empty() : OptionalDouble.of(runtime.eventsPerSecond());
  }

  /** See {@link RouteRuntime#adaptWindow}; ignored for a route not served here. */
  public void adaptWindow(String uid, int window) {
    RouteRuntime runtime = byUid.get(uid);
    if (runtime != null) {
      int before = runtime.window();
      runtime.adaptWindow(window);
      if (runtime.window() != before) {
        windowOf(runtime);
      }
    }
  }

  /** The window a route applies now, empty when it is not served here. */
  public OptionalInt window(String uid) {
    RouteRuntime runtime = byUid.get(uid);
    return runtime == null ? OptionalInt.empty() : OptionalInt.of(runtime.window());
  }

  public synchronized void remove(String uid) {
    filterErrors.remove(uid);
    RouteRuntime removed = byUid.remove(uid);
    if (removed != null) {
      windows.window(removed.route().target().subscriber(), uid, 0);
      // Deliveries still in flight finish untimed: their series goes with the route.
      removed.deliveryTimes(RouteMetrics.DeliveryTimes.NONE);
      if (metrics != null) {
        metrics.forget(removed.route());
      }
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

  /** The filter of a route, for replays: the route's own, counting its errors as the index does. */
  public Optional<EventFilter> filter(String uid) {
    RouteRuntime runtime = byUid.get(uid);
    if (runtime == null) {
      return Optional.empty();
    }
    EventFilter filter = runtime.route().filter();
    FilterErrors errors = filterErrors.getOrDefault(uid, FilterErrors.NONE);
    return Optional.of(event -> filter.test(event, errors));
  }

  public boolean isEmpty() {
    return byUid.isEmpty();
  }

  /**
   * The counters of a route uid on this instance, known or not (yet); a route's runtime holds the
   * same ones ({@link RouteRuntime#counters}), without this look-up.
   */
  RouteCounters counters(String uid) {
    return counters.computeIfAbsent(uid, u -> new RouteCounters(nanoClock));
  }

  public Optional<RouteStats> stats(String uid) {
    return Optional.ofNullable(counters.get(uid)).map(RouteCounters::stats);
  }

  private void rebuild() {
    FilterIndex.Builder<RouteRuntime> index = FilterIndex.builder();
    for (RouteRuntime runtime : byUid.values()) {
      index.add(runtime, runtime.route().filter(), filterErrors.getOrDefault(runtime.uid(), FilterErrors.NONE));
    }
    current = new RouteSet(index.build(), Map.copyOf(byUid));
  }
}
