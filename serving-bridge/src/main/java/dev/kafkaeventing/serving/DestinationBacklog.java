package dev.kafkaeventing.serving;

import java.net.URI;
import java.util.Map;

/**
 * Events accepted for delivery and not yet delivered, per destination URL (every Trigger's and
 * Subscription's route on this instance, summed by subscriber URL). The platform implements it
 * from its dispatcher; the autoscaler counts what reaches a revision as demand. Must be cheap and
 * thread-safe.
 */
@FunctionalInterface
public interface DestinationBacklog {

  /** Pending events by subscriber URL; URLs without pending events may be left out. */
  Map<URI, Long> pendingByDestination();

  DestinationBacklog NONE = Map::of;
}
