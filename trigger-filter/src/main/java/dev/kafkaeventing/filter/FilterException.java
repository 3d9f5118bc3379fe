package dev.kafkaeventing.filter;

import java.util.Objects;

/**
 * A filter that cannot be compiled. {@link #path()} names the offending field as it appears in the
 * resource (e.g. {@code spec.filters[1].cesql}); {@link #reason()} says what is wrong and, for
 * expressions, where (e.g. {@code position 7: expected a value but found end of expression}).
 */
public final class FilterException extends Exception {

  private final String path;
  private final String reason;

  public FilterException(String path, String reason) {
    super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(reason, "reason"));
    this.path = path;
    this.reason = reason;
  }

  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }
}
