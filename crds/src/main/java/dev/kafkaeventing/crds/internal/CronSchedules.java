package dev.kafkaeventing.crds.internal;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the shape of a PingSource schedule as Knative accepts it: five standard cron fields
 * ({@code "*&#47;2 * * * *"}), or a descriptor ({@code @hourly}, {@code @every 10m}), optionally
 * prefixed by {@code CRON_TZ=Zone} or {@code TZ=Zone}. Only the shape is checked here; the
 * scheduler that runs PingSources interprets the fields.
 *
 * <p>Stateless and thread-safe.
 */
public final class CronSchedules {

  private static final Set<String> DESCRIPTORS =
      Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
  private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*?/,\\-]+");
  private static final Pattern EVERY = Pattern.compile("@every\\s+((?:\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h))+)");

  private CronSchedules() {}

  /** The problem with {@code schedule}, or empty when its shape is valid. */
  public static Optional<String> check(String schedule) {
    String s = schedule.trim();
    if (s.startsWith("CRON_TZ=") || s.startsWith("TZ=")) {
      int space = s.indexOf(' ');
      if (space < 0) {
        return Optional.of("'" + schedule + "' has a time zone but no schedule");
      }
      s = s.substring(space + 1).trim();
    }
    if (s.startsWith("@")) {
      return DESCRIPTORS.contains(s) || EVERY.matcher(s).matches()
          ? Optional.empty()
          : Optional.of("'" + schedule + "' is not a valid schedule descriptor (use @hourly, @daily, "
              + "@every 10m, ... or five cron fields)");
    }
    String[] fields = s.split("\\s+");
    if (fields.length != 5) {
      return Optional.of("'" + schedule + "' must have 5 cron fields (minute hour day-of-month "
          + "month day-of-week), found " + fields.length);
    }
    for (String field : fields) {
      if (!FIELD.matcher(field).matches()) {
        return Optional.of("'" + schedule + "' has an invalid cron field '" + field + "'");
      }
    }
    return Optional.empty();
  }
}
