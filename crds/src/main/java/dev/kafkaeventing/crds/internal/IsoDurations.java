package dev.kafkaeventing.crds.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses ISO-8601 durations as Knative accepts them ({@code PT0.5S}, {@code PT168H}, {@code P7D},
 * {@code P1W}, {@code P1Y2M}): unlike {@link Duration#parse}, weeks, months and years are allowed.
 * Months and years have no fixed length; like Knative, they are approximated (a year is 365.2425
 * days, a month a twelfth of that).
 *
 * <p>Stateless and thread-safe.
 */
public final class IsoDurations {

  private static final String NUMBER = "(\\d+(?:[.,]\\d+)?)";
  private static final Pattern ISO = Pattern.compile(
      "([-+]?)P(?:" + NUMBER + "Y)?(?:" + NUMBER + "M)?(?:" + NUMBER + "W)?(?:" + NUMBER + "D)?"
          + "(T(?:" + NUMBER + "H)?(?:" + NUMBER + "M)?(?:" + NUMBER + "S)?)?",
      Pattern.CASE_INSENSITIVE);

  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
  private static final long DAY = 86_400L;
  // Seconds per unit for groups 2..9 of the pattern (group 6 is the 'T' marker).
  private static final BigDecimal[] SECONDS = {
    null, null,
    new BigDecimal("31556952"), // year: 365.2425 days
    new BigDecimal("2629746"), // month: a twelfth of a year
    BigDecimal.valueOf(7 * DAY),
    BigDecimal.valueOf(DAY),
    null,
    BigDecimal.valueOf(3600),
    BigDecimal.valueOf(60),
    BigDecimal.ONE
  };

  private IsoDurations() {}

  /** The duration, or empty when {@code text} is not an ISO-8601 duration. */
  public static Optional<Duration> parse(String text) {
    Matcher m = ISO.matcher(text.trim());
    if (!m.matches() || !hasComponent(m) || timeMarkerWithoutComponent(m)) {
      return Optional.empty();
    }
    BigDecimal seconds = BigDecimal.ZERO;
    for (int group = 2; group <= 9; group++) {
      if (group != 6 && m.group(group) != null) {
        seconds = seconds.add(new BigDecimal(m.group(group).replace(',', '.')).multiply(SECONDS[group]));
      }
    }
    try {
      BigDecimal nanos = seconds.multiply(NANOS_PER_SECOND);
      Duration d = Duration.ofSeconds(seconds.longValue(),
          nanos.remainder(NANOS_PER_SECOND).longValueExact());
      return Optional.of("-".equals(m.group(1)) ? d.negated() : d);
    } catch (ArithmeticException tooLarge) {
      return Optional.empty();
    }
  }

  private static boolean hasComponent(Matcher m) {
    for (int group = 2; group <= 9; group++) {
      if (group != 6 && m.group(group) != null) {
        return true;
      }
    }
    return false;
  }

  private static boolean timeMarkerWithoutComponent(Matcher m) {
    return m.group(6) != null && m.group(7) == null && m.group(8) == null && m.group(9) == null;
  }
}
