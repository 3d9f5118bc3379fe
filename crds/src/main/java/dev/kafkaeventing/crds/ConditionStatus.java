package dev.kafkaeventing.crds;

import java.util.Arrays;
import java.util.Optional;

/** A condition's status, written {@code True}, {@code False} or {@code Unknown}. Thread-safe. */
public enum ConditionStatus {
  TRUE("True"),
  FALSE("False"),
  UNKNOWN("Unknown");

  private final String wireName;

  ConditionStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ConditionStatus> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
