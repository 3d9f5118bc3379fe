package dev.kafkaeventing.core.internal.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses a {@code Retry-After} header value (RFC 9110 §10.2.3): delta-seconds or an HTTP-date in any of
 * the three formats HTTP allows (IMF-fixdate, RFC 850, asctime). A date in the past means no wait.
 */
final class RetryAfter {

  // RFC 850 years have two digits; 70-99 are read as 19xx, the rest as 20xx.
  private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
      .appendPattern("EEEE, dd-MMM-")
      .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
      .appendPattern(" HH:mm:ss 'GMT'")
      .toFormatter(Locale.ENGLISH);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);
  private static final List<DateTimeFormatter> UTC_DATES = List.of(RFC_850, ASCTIME);

  private RetryAfter() {
  }

  /** The wait the value asks for, or empty when it is absent or unreadable. */
  static Optional<Duration> parse(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    if (trimmed.chars().allMatch(Character::isDigit)) {
      // More digits than a long holds still means "a very long time".
      return Optional.of(trimmed.length() > 12 ? Duration.ofSeconds(999_999_999_999L)
          : Duration.ofSeconds(Long.parseLong(trimmed)));
    }
    return parseDate(trimmed).map(at -> {
      Duration wait = Duration.between(clock.instant(), at);
      return wait.isNegative() ? Duration.ZERO : wait;
    });
  }

  private static Optional<Instant> parseDate(String value) {
    try {
      return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException notImfFixdate) {
      for (DateTimeFormatter format : UTC_DATES) {
        try {
          return Optional.of(LocalDateTime.parse(value, format).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
          // try the next format
        }
      }
      return Optional.empty();
    }
  }
}
