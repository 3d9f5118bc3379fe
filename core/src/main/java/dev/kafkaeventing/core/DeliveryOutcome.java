package dev.kafkaeventing.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a delivery ended. Immutable.
 *
 * @param result          delivered, dead-lettered or failed
 * @param attempts        attempts made to the subscriber
 * @param lastStatus      HTTP status of the subscriber's last response; 0 when the last attempt got none
 * @param lastError       why the last subscriber attempt failed (and the dead letter sink, if it failed
 *                        too); null when delivered
 * @param lastBodyExcerpt at most the first 1024 bytes of the subscriber's last response body; empty when
 *                        delivered (that body was the reply event, already handled)
 */
public record DeliveryOutcome(Result result, int attempts, int lastStatus, String lastError, byte[] lastBodyExcerpt) {

  /** How a delivery ended. */
  public enum Result {
    /** The subscriber accepted the event (and its reply, if any, was handled). */
    DELIVERED,
    /** The subscriber did not accept the event; the dead letter sink did. */
    DEAD_LETTERED,
    /** Neither the subscriber nor a dead letter sink accepted the event. */
    FAILED
  }

  public DeliveryOutcome {
    Objects.requireNonNull(result, "result");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    lastBodyExcerpt = lastBodyExcerpt == null ? new byte[0] : lastBodyExcerpt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeliveryOutcome other
        && result == other.result
        && attempts == other.attempts
        && lastStatus == other.lastStatus
        && Objects.equals(lastError, other.lastError)
        && Arrays.equals(lastBodyExcerpt, other.lastBodyExcerpt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(result, attempts, lastStatus, lastError, Arrays.hashCode(lastBodyExcerpt));
  }

  @Override
  public String toString() {
    return "DeliveryOutcome[" + result + ", attempts=" + attempts + ", lastStatus=" + lastStatus
        + ", lastError=" + lastError + ", " + lastBodyExcerpt.length + " body bytes]";
  }
}
