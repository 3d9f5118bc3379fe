package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.CronSchedules;
import dev.kafkaeventing.crds.internal.Node;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * A PingSource's spec: send a fixed event on a cron schedule to a sink. Immutable and
 * thread-safe.
 *
 * @param schedule five cron fields or a descriptor such as {@code @hourly}
 * @param timezone an IANA zone such as {@code Europe/Paris}; null for UTC
 * @param contentType the event's data content type; may be null
 * @param data the event data as text; null when not given (at most one of data and dataBase64)
 * @param dataBase64 the event data, base64-encoded; null when not given
 * @param ceOverrides extension attributes added to every event; never null
 */
public record PingSourceSpec(String schedule, String timezone, String contentType, String data,
    String dataBase64, Destination sink, Map<String, String> ceOverrides) {

  public PingSourceSpec {
    SpecViews.requireText(schedule, "schedule");
    Objects.requireNonNull(sink, "sink");
    if (data != null && dataBase64 != null) {
      throw new IllegalArgumentException("data and dataBase64 are mutually exclusive");
    }
    ceOverrides = ceOverrides == null ? Map.of() : Map.copyOf(ceOverrides);
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static PingSourceSpec from(Resource resource) {
    return SpecViews.from(resource, PingSourceSpec::read, ResourceKind.PING_SOURCE);
  }

  static PingSourceSpec read(Node spec) {
    spec.allowOnly("schedule", "timezone", "contentType", "data", "dataBase64", "sink",
        "ceOverrides");
    int mark = spec.problems().mark();
    String schedule = spec.field("schedule").requiredString();
    if (schedule != null) {
      CronSchedules.check(schedule).ifPresent(spec.field("schedule")::error);
    }
    String timezone = spec.field("timezone").string();
    if (timezone != null) {
      checkZone(spec.field("timezone"), timezone);
    }
    String contentType = spec.field("contentType").string();
    String data = spec.field("data").string();
    String dataBase64 = spec.field("dataBase64").string();
    if (data != null && dataBase64 != null) {
      spec.error("expected exactly one of data and dataBase64, got both");
    } else if (dataBase64 != null) {
      checkBase64(spec.field("dataBase64"), dataBase64);
    }
    Destination sink = SourceFields.sink(spec);
    Map<String, String> overrides = SourceFields.ceOverrides(spec);
    return spec.problems().cleanSince(mark)
        ? new PingSourceSpec(schedule, timezone, contentType, data, dataBase64, sink, overrides)
        : null;
  }

  private static void checkZone(Node field, String zone) {
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      field.error("'" + zone + "' is not a time zone (for example Europe/Paris)");
    }
  }

  private static void checkBase64(Node field, String text) {
    try {
      Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      field.error("not valid base64");
    }
  }
}
