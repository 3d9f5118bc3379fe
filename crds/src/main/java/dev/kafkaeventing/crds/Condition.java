package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code status.conditions}, as in Knative: a type ({@code Ready},
 * {@code Addressable}...), its status, why, and when the status last changed (kept while the
 * status stays the same, see {@link StatusBuilder}). Immutable and thread-safe.
 *
 * @param severity {@link Severity#ERROR} unless the condition is informational
 * @param reason a CamelCase reason; may be null
 * @param message a human-readable explanation; may be null
 * @param lastTransitionTime truncated to seconds; may be null before the condition is set
 */
public record Condition(String type, ConditionStatus status, Severity severity, String reason,
    String message, Instant lastTransitionTime) {

  /** How a condition counts: only {@code ERROR} conditions decide whether a resource is ready. */
  public enum Severity {
    ERROR(""),
    WARNING("Warning"),
    INFO("Info");

    private final String wireName;

    Severity(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    static Severity fromWireName(String name) {
      return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst().orElse(ERROR);
    }
  }

  public Condition {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("condition type is required");
    }
    Objects.requireNonNull(status, "status");
    severity = severity == null ? Severity.ERROR : severity;
    reason = reason == null || reason.isEmpty() ? null : reason;
    message = message == null || message.isEmpty() ? null : message;
    lastTransitionTime =
        lastTransitionTime == null ? null : lastTransitionTime.truncatedTo(ChronoUnit.SECONDS);
  }

  public static Condition of(String type, ConditionStatus status, String reason, String message) {
    return new Condition(type, status, Severity.ERROR, reason, message, null);
  }

  public boolean isTrue() {
    return status == ConditionStatus.TRUE;
  }

  public boolean isFalse() {
    return status == ConditionStatus.FALSE;
  }

  public Condition withLastTransitionTime(Instant time) {
    return new Condition(type, status, severity, reason, message, time);
  }

  /** The JSON form: type, status, severity (when not ERROR), lastTransitionTime, reason, message. */
  public ObjectNode toJson() {
    ObjectNode node = Json.object().put("type", type).put("status", status.wireName());
    if (severity != Severity.ERROR) {
      node.put("severity", severity.wireName());
    }
    if (lastTransitionTime != null) {
      node.put("lastTransitionTime", lastTransitionTime.toString());
    }
    if (reason != null) {
      node.put("reason", reason);
    }
    if (message != null) {
      node.put("message", message);
    }
    return node;
  }

  /** Reads the JSON form; empty when {@code node} has no type or an unknown status. */
  public static Optional<Condition> fromJson(JsonNode node) {
    String type = node.path("type").asText("");
    Optional<ConditionStatus> status = ConditionStatus.fromWireName(node.path("status").asText());
    if (type.isEmpty() || status.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Condition(type, status.get(),
        Severity.fromWireName(node.path("severity").asText("")), text(node, "reason"),
        text(node, "message"), time(node.path("lastTransitionTime").asText(""))));
  }

  private static String text(JsonNode node, String field) {
    return node.path(field).isTextual() ? node.path(field).asText() : null;
  }

  private static Instant time(String text) {
    try {
      return text.isEmpty() ? null : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
