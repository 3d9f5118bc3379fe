package dev.kafkaeventing.serving.activator;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The activator's routing table: a host ({@code <svc>.<ns>.<domain>}, {@code <tag>-<svc>.<ns>.<domain>})
 * or a path prefix ({@code /<ns>/<svc>}) to a {@link TrafficSplit}. Written by the Route
 * reconciler, read per request. Thread-safe.
 */
public final class ActivatorRoutes {

  private final Map<String, Map<String, TrafficSplit>> hostsByRoute = new ConcurrentHashMap<>();
  private final Map<String, TrafficSplit> hosts = new ConcurrentHashMap<>();
  private final Map<String, TrafficSplit> paths = new ConcurrentHashMap<>();

  /**
   * Replaces what a Route publishes.
   *
   * @param routeKey {@code <ns>/<route>}, which is also its path prefix
   * @param byHost host to split, the main host and one per tag
   * @param main the split behind the path prefix; null removes it
   */
  public synchronized void publish(String routeKey, Map<String, TrafficSplit> byHost, TrafficSplit main) {
    Map<String, TrafficSplit> previous = hostsByRoute.put(routeKey, Map.copyOf(byHost));
    if (previous != null) {
      previous.keySet().forEach(hosts::remove);
    }
    byHost.forEach((host, split) -> hosts.put(host.toLowerCase(Locale.ROOT), split));
    if (main == null) {
      paths.remove(routeKey);
    } else {
      paths.put(routeKey, main);
    }
  }

  public synchronized void remove(String routeKey) {
    Map<String, TrafficSplit> previous = hostsByRoute.remove(routeKey);
    if (previous != null) {
      previous.keySet().forEach(hosts::remove);
    }
    paths.remove(routeKey);
  }

  /** A resolved request: the split and the path to send upstream. */
  record Match(TrafficSplit split, String upstreamUri) {}

  /** The split for a request: by Host first (port ignored), then by {@code /<ns>/<svc>} path prefix. */
  Match match(String hostHeader, String uri) {
    if (hostHeader != null) {
      String host = hostHeader.toLowerCase(Locale.ROOT);
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.indexOf(']') < colon) {
        host = host.substring(0, colon);
      }
      TrafficSplit byHost = hosts.get(host);
      if (byHost != null) {
        return new Match(byHost, uri);
      }
    }
    String[] parts = uri.split("[/?]", 4);
    if (parts.length >= 3 && parts[0].isEmpty()) {
      TrafficSplit byPath = paths.get(parts[1] + "/" + parts[2]);
      if (byPath != null) {
        String rest = uri.substring(1 + parts[1].length() + 1 + parts[2].length());
        return new Match(byPath, rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest);
      }
    }
    return null;
  }
}
