package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.RevisionId;
import java.net.URI;
import java.util.List;
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
  /** Host to the key of the Route publishing it. */
  private final Map<String, String> hostRoutes = new ConcurrentHashMap<>();
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
      previous.keySet().forEach(this::forgetHost);
    }
    byHost.forEach((host, split) -> {
      hosts.put(host.toLowerCase(Locale.ROOT), split);
      hostRoutes.put(host.toLowerCase(Locale.ROOT), routeKey);
    });
    if (main == null) {
      paths.remove(routeKey);
    } else {
      paths.put(routeKey, main);
    }
  }

  public synchronized void remove(String routeKey) {
    Map<String, TrafficSplit> previous = hostsByRoute.remove(routeKey);
    if (previous != null) {
      previous.keySet().forEach(this::forgetHost);
    }
    paths.remove(routeKey);
  }

  private void forgetHost(String host) {
    hosts.remove(host.toLowerCase(Locale.ROOT));
    hostRoutes.remove(host.toLowerCase(Locale.ROOT));
  }

  /**
   * A resolved request: the split, the path to send upstream, the Route's key ({@code <ns>/<name>})
   * and whether it was found by Host (else by path prefix).
   */
  record Match(TrafficSplit split, String upstreamUri, String routeKey, boolean byHost) {}

  /** The split for a request: by Host first (port ignored), then by {@code /<ns>/<svc>} path prefix. */
  Match match(String hostHeader, String uri) {
    if (hostHeader != null) {
      String host = hostHeader.toLowerCase(Locale.ROOT);
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.indexOf(']') < colon) {
        host = host.substring(0, colon);
      }
      TrafficSplit byHost = hosts.get(host);
      String routeKey = hostRoutes.get(host);
      if (byHost != null && routeKey != null) {
        return new Match(byHost, uri, routeKey, true);
      }
    }
    // "/<ns>/<svc>[/rest][?query]", parsed without a regular expression (once per request).
    if (uri.length() < 4 || uri.charAt(0) != '/') {
      return null;
    }
    int nsEnd = endOfSegment(uri, 1);
    if (nsEnd <= 1 || nsEnd >= uri.length() || uri.charAt(nsEnd) != '/') {
      return null;
    }
    int svcEnd = endOfSegment(uri, nsEnd + 1);
    if (svcEnd == nsEnd + 1) {
      return null;
    }
    String routeKey = uri.substring(1, svcEnd);
    TrafficSplit byPath = paths.get(routeKey);
    if (byPath != null) {
      String rest = uri.substring(svcEnd);
      return new Match(byPath, rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest, routeKey, false);
    }
    return null;
  }

  /** The index of the first '/' or '?' at or after {@code from}, or the length. */
  private static int endOfSegment(String uri, int from) {
    for (int i = from; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '/' || c == '?') {
        return i;
      }
    }
    return uri.length();
  }

  /**
   * The revisions (with a share above 0) a destination URL reaches: by its host, or by its
   * {@code /<ns>/<svc>} path when it addresses the activator itself ({@code activatorAuthority},
   * {@code host:port}). Empty for any other URL.
   */
  public List<RevisionId> revisions(URI destination, String activatorAuthority) {
    String host = destination.getHost();
    if (host == null) {
      return List.of();
    }
    TrafficSplit split = hosts.get(host.toLowerCase(Locale.ROOT));
    if (split == null && activatorAuthority.equalsIgnoreCase(destination.getRawAuthority())) {
      Match match = match(null, destination.getRawPath() == null || destination.getRawPath().isEmpty()
          ? "/" : destination.getRawPath());
      split = match == null ? null : match.split();
    }
    return split == null ? List.of() : split.targets().stream().filter(t -> t.percent() > 0)
        .map(TrafficSplit.Target::revision).toList();
  }
}
