package dev.kafkaeventing.core.journal;

import java.util.Objects;

/**
 * One hop of an event's path. Immutable.
 *
 * @param timeMillis when it happened (epoch milliseconds)
 * @param hop what happened: {@code accepted}, {@code matched}, {@code attempt}, {@code reply},
 *     {@code dead-letter}, {@code parked}
 * @param resource where: {@code broker ns/name}, {@code Trigger ns/name}, a destination URL
 * @param status the outcome: an HTTP status, {@code ok}, {@code failed}; never null
 * @param detail more, e.g. partition and offset, attempt number, the error; never null
 */
public record JournalStep(long timeMillis, String hop, String resource, String status, String detail) {

  public JournalStep {
    Objects.requireNonNull(hop, "hop");
    resource = resource == null ? "" : resource;
    status = status == null ? "" : status;
    detail = detail == null ? "" : detail;
  }
}
