package dev.kafkaeventing.filter.internal;

import dev.kafkaeventing.filter.FilterErrors;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.types.Time;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Base64;

/**
 * One event as the filters see it: attribute values in their canonical string form (the CloudEvents
 * type system: URIs as written, timestamps in RFC 3339, binary in base64), plus slots for what is
 * costly to derive and so derived at most once per event (the formatted time, the CEL view with its
 * parsed data, CESQL's evaluation state).
 *
 * <p>Not thread-safe: create one per event and evaluation thread; it is cheap (one small object).
 */
public final class EventView {

  private final CloudEvent event;
  private FilterErrors errors = FilterErrors.NONE;
  private String time;
  private Object celEvent;
  private Object cesqlScratch;

  public EventView(CloudEvent event) {
    this.event = event;
  }

  public CloudEvent event() {
    return event;
  }

  /** Where the filter being evaluated reports evaluation errors (besides its own sink); none by default. */
  public FilterErrors errors() {
    return errors;
  }

  /** Sets {@link #errors()} for the evaluations that follow (an index switches it per filter). */
  public void reportTo(FilterErrors sink) {
    this.errors = java.util.Objects.requireNonNull(sink, "sink");
  }

  /**
   * Returns the canonical string form of the attribute or extension {@code name}, or null when the
   * event does not have it.
   */
  public String attribute(String name) {
    switch (name) {
      case "specversion":
        return event.getSpecVersion().toString();
      case "id":
        return event.getId();
      case "source":
        return uri(event.getSource());
      case "type":
        return event.getType();
      case "datacontenttype":
        return event.getDataContentType();
      case "dataschema":
        return uri(event.getDataSchema());
      case "subject":
        return event.getSubject();
      case "time":
        return time();
      default:
        return canonical(extension(name));
    }
  }

  /**
   * Returns the value of {@code name} with the types CESQL knows kept (Integer and Boolean
   * extensions), everything else in canonical string form; null when absent.
   */
  public Object typedAttribute(String name) {
    switch (name) {
      case "specversion":
      case "id":
      case "source":
      case "type":
      case "datacontenttype":
      case "dataschema":
      case "subject":
      case "time":
        return attribute(name);
      default:
        Object value = extension(name);
        return value instanceof Integer || value instanceof Boolean ? value : canonical(value);
    }
  }

  /** The time attribute in RFC 3339, formatted once per event. */
  public String time() {
    if (time == null) {
      OffsetDateTime value = event.getTime();
      time = value == null ? null : Time.writeTime(value);
    }
    return time;
  }

  /**
   * A per-event slot for the CEL view of this event, built by its first user so that the data is
   * parsed once however many CEL filters look at it.
   */
  public Object celEvent() {
    return celEvent;
  }

  public void celEvent(Object value) {
    celEvent = value;
  }

  /** A per-event slot for CESQL's reusable evaluation state. */
  public Object cesqlScratch() {
    return cesqlScratch;
  }

  public void cesqlScratch(Object value) {
    cesqlScratch = value;
  }

  private Object extension(String name) {
    Object value = event.getExtension(name);
    if (value == null && event.getSpecVersion() != SpecVersion.V1
        && event.getSpecVersion().getAllAttributes().contains(name)) {
      // Context attributes of other spec versions (e.g. 0.3's schemaurl) are not extensions.
      return event.getAttribute(name);
    }
    return value;
  }

  private static String uri(URI uri) {
    return uri == null ? null : uri.toString();
  }

  /** The CloudEvents canonical string form of an attribute value. */
  public static String canonical(Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof OffsetDateTime) {
      return Time.writeTime((OffsetDateTime) value);
    }
    if (value instanceof byte[]) {
      return Base64.getEncoder().encodeToString((byte[]) value);
    }
    return value.toString();
  }
}
