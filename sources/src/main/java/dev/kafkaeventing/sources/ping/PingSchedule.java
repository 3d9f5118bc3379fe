package dev.kafkaeventing.sources.ping;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a PingSource ticks: its {@code schedule} (five cron fields, a Knative descriptor such as
 * {@code @hourly}, or {@code @every <duration>}) in its {@code timezone}, parsed by cron-utils.
 *
 * <p>Seconds precision is this platform's extension: the annotation {@link #SECONDS_ANNOTATION}
 * holds a cron seconds field ({@code "*&#47;2"}, {@code "0,30"}) put in front of the five fields;
 * without it the seconds field is {@code 0}, as in standard cron. {@code @every} ticks are aligned
 * on multiples of the interval since the Unix epoch, so every instance computes the same ticks.
 *
 * <p>Immutable and thread-safe.
 */
public final class PingSchedule {

  /** Annotation giving a cron seconds field, for schedules finer than a minute. */
  public static final String SECONDS_ANNOTATION = "kafka-eventing.dev/schedule-seconds";

  private static final Map<String, String> DESCRIPTORS = Map.of(
      "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
      "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
  private static final Pattern EVERY = Pattern.compile("@every\\s+(.+)");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final CronParser SIX_FIELDS = new CronParser(definition());

  private final String text;
  /** The schedule, zone and seconds field: equal for equal schedules. */
  private final String identity;
  private final ZoneId zone;
  private final ExecutionTime cron;
  private final Duration every;

  private PingSchedule(String text, String seconds, ZoneId zone, ExecutionTime cron, Duration every) {
    this.text = text;
    this.identity = text + "|" + seconds + "|" + zone;
    this.zone = zone;
    this.cron = cron;
    this.every = every;
  }

  /**
   * @param schedule {@code spec.schedule}, optionally prefixed by {@code CRON_TZ=Zone}
   * @param timezone {@code spec.timezone}; null for the prefix's zone or UTC
   * @param seconds the {@link #SECONDS_ANNOTATION} value; null for {@code 0}
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public static PingSchedule parse(String schedule, String timezone, String seconds) {
    String s = schedule.trim();
    ZoneId zone = ZoneOffset.UTC;
    if (s.startsWith("CRON_TZ=") || s.startsWith("TZ=")) {
      int space = s.indexOf(' ');
      zone = zone("spec.schedule", s.substring(s.indexOf('=') + 1, space < 0 ? s.length() : space));
      s = space < 0 ? "" : s.substring(space + 1).trim();
    }
    if (timezone != null && !timezone.isBlank()) {
      zone = zone("spec.timezone", timezone);
    }
    Matcher every = EVERY.matcher(s);
    if (every.matches()) {
      if (seconds != null) {
        throw new IllegalArgumentException("annotation " + SECONDS_ANNOTATION + " does not apply to @every schedules");
      }
      return new PingSchedule(schedule, null, zone, null, interval(every.group(1).trim()));
    }
    String fields = DESCRIPTORS.getOrDefault(s, s);
    String secondsField = seconds == null ? "0" : seconds.trim();
    if (secondsField.isEmpty() || secondsField.contains(" ")) {
      throw new IllegalArgumentException("annotation " + SECONDS_ANNOTATION + ": expected one cron seconds field, got '"
          + seconds + "'");
    }
    if (fields.split("\\s+").length != 5) {
      throw new IllegalArgumentException("spec.schedule: '" + schedule + "' must have 5 cron fields or be a descriptor");
    }
    try {
      Cron cron = SIX_FIELDS.parse(secondsField + " " + fields).validate();
      return new PingSchedule(schedule, secondsField, zone, ExecutionTime.forCron(cron), null);
    } catch (IllegalArgumentException e) {
      String where = seconds == null ? "spec.schedule" : "spec.schedule (with " + SECONDS_ANNOTATION + ")";
      throw new IllegalArgumentException(where + ": '" + schedule + "' is not a valid schedule: " + e.getMessage(), e);
    }
  }

  /** The first tick strictly after {@code time}; empty when the schedule never ticks again. */
  public Optional<Instant> nextAfter(Instant time) {
    if (every != null) {
      long ms = every.toMillis();
      return Optional.of(Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), ms) * ms + ms));
    }
    // Ticks fall on whole seconds; from a fraction of one, cron-utils would keep the fraction.
    return cron.nextExecution(time.truncatedTo(ChronoUnit.SECONDS).atZone(zone))
        .map(t -> t.toInstant().truncatedTo(ChronoUnit.SECONDS));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PingSchedule schedule && schedule.identity.equals(identity);
  }

  @Override
  public int hashCode() {
    return identity.hashCode();
  }

  public ZoneId zone() {
    return zone;
  }

  @Override
  public String toString() {
    return text + " (" + zone + ")";
  }

  private static ZoneId zone(String field, String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(field + ": '" + id + "' is not a time zone (for example Europe/Paris)");
    }
  }

  /** A Go duration as Knative's {@code @every} takes it: {@code 1h30m}, {@code 10s}, {@code 500ms}. */
  private static Duration interval(String text) {
    Matcher part = DURATION_PART.matcher(text);
    double ms = 0;
    int end = 0;
    while (part.find() && part.start() == end) {
      double n = Double.parseDouble(part.group(1));
      ms += n * switch (part.group(2)) {
        case "h" -> 3_600_000;
        case "m" -> 60_000;
        case "s" -> 1_000;
        default -> 1;
      };
      end = part.end();
    }
    if (end != text.length() || ms < 1) {
      throw new IllegalArgumentException("spec.schedule: '@every " + text + "' needs a positive duration such as 10m or 1h30m");
    }
    return Duration.ofMillis((long) ms);
  }

  /** Standard cron (minute hour day-of-month month day-of-week, Sunday 0 or 7) with seconds in front. */
  private static CronDefinition definition() {
    return CronDefinitionBuilder.defineCron()
        .withSeconds().withValidRange(0, 59).withStrictRange().and()
        .withMinutes().withValidRange(0, 59).withStrictRange().and()
        .withHours().withValidRange(0, 23).withStrictRange().and()
        .withDayOfMonth().withValidRange(1, 31).and()
        .withMonth().withValidRange(1, 12).withStrictRange().and()
        .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).and()
        .instance();
  }
}
