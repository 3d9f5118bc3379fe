package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.filter.FilterIndex;
import java.util.Map;

/**
 * An immutable snapshot of a Broker's routes: the filter index to match events and the runtimes
 * by uid. Safe to share between threads.
 */
public record RouteSet(FilterIndex<RouteRuntime> index, Map<String, RouteRuntime> byUid) {

  static final RouteSet EMPTY = new RouteSet(FilterIndex.<RouteRuntime>builder().build(), Map.of());

  public boolean isEmpty() {
    return byUid.isEmpty();
  }
}
