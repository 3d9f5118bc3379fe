package dev.kafkaeventing.serving.autoscaler;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go durations as Knative writes them ({@code 60s}, {@code 1m30s}, {@code 500ms}, {@code 1h}). Stateless. */
final class GoDurations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  private GoDurations() {}

  /** @param field named in the error, e.g. {@code config-autoscaler: stable-window} */
  static Duration parse(String field, String text) {
    String value = text.trim();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher matcher = PART.matcher(value);
    long nanos = 0;
    int end = 0;
    while (end < value.length() && matcher.region(end, value.length()).lookingAt()) {
      long unit = switch (matcher.group(2)) {
        case "h" -> 3_600_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "s" -> 1_000_000_000L;
        default -> 1_000_000L;
      };
      nanos += (long) (Double.parseDouble(matcher.group(1)) * unit);
      end = matcher.end();
    }
    if (end > 0 && end == value.length()) {
      return Duration.ofNanos(nanos);
    }
    throw new IllegalArgumentException(field + ": '" + text + "' is not a duration (e.g. 60s, 1m30s, 500ms)");
  }
}
