package dev.kafkaeventing.broker.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.dispatcher.DispatcherControl;
import dev.kafkaeventing.dispatcher.ReplayProgress;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.RouteStats;
import java.time.Instant;

/**
 * What {@code describe trigger} shows beyond the resource: dispatch settings, this instance's
 * counters, the events parked for the Trigger (from Kafka, so the same on every instance) and its
 * latest replay. Stateless.
 */
final class TriggerDetails {

  private TriggerDetails() {}

  static void fill(ObjectNode details, Route route, DispatcherControl dataPlane) {
    details.put("deliveryOrder", route.ordered() ? "ordered" : "unordered");
    ObjectNode limits = details.putObject("limits");
    if (route.limits().maxInFlight() > 0) {
      limits.put("maxInFlight", route.limits().maxInFlight());
    } else {
      limits.put("maxInFlight", "instance default");
    }
    // The window applied now: the route's own, a Knative Service's (its ready replicas), or the default.
    dataPlane.window(route.stream(), route.uid()).ifPresent(window -> limits.put("inFlightWindow", window));
    if (route.limits().maxEventsPerSecond() > 0) {
      limits.put("maxEventsPerSecond", route.limits().maxEventsPerSecond());
      dataPlane.eventsPerSecond(route.stream(), route.uid())
          .ifPresent(rate -> limits.put("eventsPerSecondHere", Math.round(rate * 1000) / 1000.0));
    } else {
      limits.put("maxEventsPerSecond", "unlimited");
    }
    // The route's own limits are split over the instances by their share of the Broker's partitions.
    String share = dataPlane.partitionShare(route.stream());
    if (share != null) {
      limits.put("partitionsHere", share);
    }
    RouteStats stats = dataPlane.stats(route.stream(), route.uid()).orElse(RouteStats.EMPTY);
    ObjectNode counters = details.putObject("counters");
    counters.put("delivered", stats.delivered());
    counters.put("retried", stats.retried());
    counters.put("deadLettered", stats.deadLettered());
    counters.put("failed", stats.failed());
    counters.put("pending", stats.pending());
    counters.put("lost", stats.lost());
    try {
      details.put("parked", dataPlane.parked(route.uid()).size());
      dataPlane.replayProgress(route.uid()).ifPresent(progress -> replay(details.putObject("replay"), progress));
    } catch (RuntimeException e) {
      details.put("parked", "unknown (" + e.getMessage() + ")");
    }
  }

  private static void replay(ObjectNode node, ReplayProgress progress) {
    node.put("state", progress.state().name().toLowerCase(java.util.Locale.ROOT));
    node.put("from", progress.from() == null ? "earliest" : progress.from().toString());
    node.put("to", progress.to() == null ? "start of the replay" : progress.to().toString());
    node.put("scanned", progress.scanned());
    node.put("total", progress.total());
    node.put("matched", progress.matched());
    node.put("startedAt", text(progress.startedAt()));
    if (progress.finishedAt() != null) {
      node.put("finishedAt", text(progress.finishedAt()));
    }
    if (progress.error() != null) {
      node.put("error", progress.error());
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
