package dev.kafkaeventing.broker.internal.dispatch;

import dev.kafkaeventing.filter.FilterIndex;
import java.util.Map;

/**
 * An immutable snapshot of a Broker's Triggers: the filter index to match events and the runtimes
 * by uid. Safe to share between threads.
 */
public record TriggerSet(FilterIndex<TriggerRuntime> index, Map<String, TriggerRuntime> byUid) {

  static final TriggerSet EMPTY = new TriggerSet(FilterIndex.<TriggerRuntime>builder().build(), Map.of());

  public boolean isEmpty() {
    return byUid.isEmpty();
  }
}
