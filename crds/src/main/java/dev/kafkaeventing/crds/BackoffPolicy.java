package dev.kafkaeventing.crds;

import java.util.Arrays;
import java.util.Optional;

/**
 * Knative's retry backoff policies: the wait before a retry is {@code backoffDelay} times the
 * number of retries so far (linear) or times 2 to that power (exponential). Immutable and
 * thread-safe.
 */
public enum BackoffPolicy {
  EXPONENTIAL("exponential"),
  LINEAR("linear");

  private final String wireName;

  BackoffPolicy(String wireName) {
    this.wireName = wireName;
  }

  /** The name as written in YAML. */
  public String wireName() {
    return wireName;
  }

  public static Optional<BackoffPolicy> fromWireName(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }
}
