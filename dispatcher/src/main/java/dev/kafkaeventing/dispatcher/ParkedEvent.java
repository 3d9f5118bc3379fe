package dev.kafkaeventing.dispatcher;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An event a route could not deliver (retries and dead letter sink exhausted, or no dead letter
 * sink): kept durably with its failure instead of being dropped, until it is redriven or purged.
 * Immutable.
 *
 * @param id short identity shown by the CLI: {@code <first 8 chars of the route uid>-<partition>-<offset>}
 * @param routeUid the route it failed for
 * @param routeNamespace the route's namespace
 * @param routeName the route's name
 * @param stream the route's stream
 * @param partition partition of the stream topic the event was written to
 * @param offset its offset there
 * @param parkedAt when it was parked
 * @param attempts attempts made to the subscriber
 * @param lastStatus HTTP status of the last response, 0 when there was none
 * @param lastError why the last attempt failed
 * @param responseExcerpt the start of the subscriber's last response body (text)
 * @param attributes the event's context attributes and extensions, as text
 * @param data the event's data, or null
 */
public record ParkedEvent(
    String id,
    String routeUid,
    String routeNamespace,
    String routeName,
    StreamId stream,
    int partition,
    long offset,
    Instant parkedAt,
    int attempts,
    int lastStatus,
    String lastError,
    String responseExcerpt,
    Map<String, String> attributes,
    byte[] data) {

  public ParkedEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(routeUid, "routeUid");
    Objects.requireNonNull(parkedAt, "parkedAt");
    attributes = Map.copyOf(attributes);
  }

  /** The id of the event of {@code routeUid} at {@code partition}/{@code offset}. */
  public static String idOf(String routeUid, int partition, long offset) {
    return routeUid.substring(0, Math.min(8, routeUid.length())) + "-" + partition + "-" + offset;
  }
}
