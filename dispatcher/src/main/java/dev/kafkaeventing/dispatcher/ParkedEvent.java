package dev.kafkaeventing.broker;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An event a Trigger could not deliver (retries and dead letter sink exhausted, or no dead letter
 * sink): kept durably with its failure instead of being dropped, until it is redriven or purged.
 * Immutable.
 *
 * @param id short identity shown by the CLI: {@code <first 8 chars of the trigger uid>-<partition>-<offset>}
 * @param triggerUid the Trigger it failed for
 * @param triggerNamespace the Trigger's namespace
 * @param triggerName the Trigger's name
 * @param broker the Trigger's broker
 * @param partition partition of the broker topic the event was written to
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
    String triggerUid,
    String triggerNamespace,
    String triggerName,
    BrokerId broker,
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
    Objects.requireNonNull(triggerUid, "triggerUid");
    Objects.requireNonNull(parkedAt, "parkedAt");
    attributes = Map.copyOf(attributes);
  }

  /** The id of the event of {@code triggerUid} at {@code partition}/{@code offset}. */
  public static String idOf(String triggerUid, int partition, long offset) {
    return triggerUid.substring(0, Math.min(8, triggerUid.length())) + "-" + partition + "-" + offset;
  }
}
