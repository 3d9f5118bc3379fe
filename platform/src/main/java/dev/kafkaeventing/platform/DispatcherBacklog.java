package dev.kafkaeventing.platform;

import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.RouteStats;
import dev.kafkaeventing.serving.DestinationBacklog;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** The serving bridge's view of the dispatcher: pending events of every route, summed by subscriber URL. */
final class DispatcherBacklog implements DestinationBacklog {

  private final Dispatcher dispatcher;

  DispatcherBacklog(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public Map<URI, Long> pendingByDestination() {
    Map<URI, Long> pending = new HashMap<>();
    for (Route route : dispatcher.routes()) {
      long count = dispatcher.stats(route.stream(), route.uid()).map(RouteStats::pending).orElse(0L);
      if (count > 0) {
        pending.merge(route.target().subscriber(), count, Long::sum);
      }
    }
    return pending;
  }
}
