package dev.kafkaeventing.broker.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What applies to a target no EventPolicy names: Knative's {@code default-authorization-mode}
 * feature flag in {@code config-features}.
 */
public enum AuthorizationMode {
  ALLOW_ALL("allow-all"),
  DENY_ALL("deny-all"),
  ALLOW_SAME_NAMESPACE("allow-same-namespace");

  private final String flag;

  AuthorizationMode(String flag) {
    this.flag = flag;
  }

  /** The flag's value, e.g. {@code allow-same-namespace}. */
  public String flag() {
    return flag;
  }

  /**
   * @throws IllegalArgumentException naming the key and the allowed values
   */
  public static AuthorizationMode of(String value) {
    return Arrays.stream(values())
        .filter(m -> m.flag.equals(value.trim().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("config-features default-authorization-mode: '" + value
            + "' is not one of " + Arrays.stream(values()).map(AuthorizationMode::flag)
                .collect(Collectors.joining(", "))));
  }
}
