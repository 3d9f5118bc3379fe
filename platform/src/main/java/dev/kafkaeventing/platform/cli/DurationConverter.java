package dev.kafkaeventing.platform.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a flag's duration as a whole number and a unit: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}.
 * Picocli names the flag in the error.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    Matcher matcher = FORMAT.matcher(value.trim());
    if (!matcher.matches()) {
      throw new TypeConversionException("'" + value + "' is not a duration such as 500ms, 5s, 2m or 1h");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
