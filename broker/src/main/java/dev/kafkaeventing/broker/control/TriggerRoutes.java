package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.dispatcher.DispatcherControl;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.RouteStats;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dispatcher routes of the Triggers this instance serves, for the admin API (parked events,
 * replays) and metrics. Thread-safe; a read-only view of what the Trigger reconciler handed over.
 */
public final class TriggerRoutes {

  private final TriggerReconciler triggers;
  private final DispatcherControl dispatcher;

  TriggerRoutes(TriggerReconciler triggers, DispatcherControl dispatcher) {
    this.triggers = triggers;
    this.dispatcher = dispatcher;
  }

  /** The data plane's view of a Trigger, when this instance serves it. */
  public Optional<Route> routeOf(ResourceKey key) {
    return triggers.routeOf(key);
  }

  /** Delivery counters of every Trigger this instance serves, keyed by the Trigger's resource key. */
  public Map<ResourceKey, RouteStats> stats() {
    Map<ResourceKey, RouteStats> stats = new TreeMap<>(Comparator.comparing(ResourceKey::toString));
    for (Route route : triggers.allRoutes()) {
      stats.put(new ResourceKey(ResourceKind.TRIGGER, route.namespace(), route.name()),
          dispatcher.stats(route.stream(), route.uid()).orElse(RouteStats.EMPTY));
    }
    return stats;
  }
}
