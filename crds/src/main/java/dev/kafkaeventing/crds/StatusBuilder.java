package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Json;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds a resource's {@code status} the way Knative reconcilers do: conditions (a condition's
 * {@code lastTransitionTime} is kept while its status does not change; the happy condition of a
 * {@link ConditionSet} follows its dependents), {@code observedGeneration}, {@code address.url}
 * and any other field. Starts from a copy of an existing status, so fields it does not touch are
 * kept; {@link #build()} returns a new object.
 *
 * <p>Not thread-safe: build a status on one thread, then publish the result with
 * {@link Resource#withStatus}.
 */
public final class StatusBuilder {

  private final ObjectNode status;
  private final ConditionSet conditionSet;
  private final Clock clock;
  private final Map<String, Condition> conditions = new TreeMap<>();

  private StatusBuilder(ObjectNode status, ConditionSet conditionSet, Clock clock) {
    this.status = Json.copyOrEmpty(status);
    this.conditionSet = conditionSet;
    this.clock = Objects.requireNonNull(clock, "clock");
    Conditions.read(this.status).forEach(c -> conditions.put(c.type(), c));
  }

  /**
   * Starts from {@code resource}'s status.
   *
   * @param conditionSet the happy condition and its dependents; null when no condition is derived
   * @param clock the source of transition times
   */
  public static StatusBuilder of(Resource resource, ConditionSet conditionSet, Clock clock) {
    return new StatusBuilder(resource.status(), conditionSet, clock);
  }

  /** Starts from a copy of {@code status} (may be null for an empty status). */
  public static StatusBuilder of(ObjectNode status, ConditionSet conditionSet, Clock clock) {
    return new StatusBuilder(status, conditionSet, clock);
  }

  /** Sets every condition of the set that is not set yet to Unknown. */
  public StatusBuilder initializeConditions() {
    if (conditionSet != null) {
      conditionSet.dependents().forEach(t -> conditions.computeIfAbsent(t, this::unknown));
      conditions.computeIfAbsent(conditionSet.happy(), this::unknown);
    }
    return this;
  }

  /** Sets a condition; keeps its previous transition time when its status did not change. */
  public StatusBuilder setCondition(Condition condition) {
    put(condition);
    recomputeHappy();
    return this;
  }

  public StatusBuilder markTrue(String type) {
    return setCondition(Condition.of(type, ConditionStatus.TRUE, null, null));
  }

  public StatusBuilder markFalse(String type, String reason, String message) {
    return setCondition(Condition.of(type, ConditionStatus.FALSE, reason, message));
  }

  public StatusBuilder markUnknown(String type, String reason, String message) {
    return setCondition(Condition.of(type, ConditionStatus.UNKNOWN, reason, message));
  }

  public Optional<Condition> condition(String type) {
    return Optional.ofNullable(conditions.get(type));
  }

  public StatusBuilder observedGeneration(long generation) {
    status.put("observedGeneration", generation);
    return this;
  }

  /** Sets {@code address.url}, or removes {@code address} when {@code url} is null. */
  public StatusBuilder addressUrl(String url) {
    if (url == null) {
      status.remove("address");
    } else {
      status.putObject("address").put("url", url);
    }
    return this;
  }

  /**
   * Sets {@code address.url} and {@code address.audience} (the OIDC audience publishers' tokens
   * must carry), or removes {@code address} when {@code url} is null.
   */
  public StatusBuilder address(String url, String audience) {
    addressUrl(url);
    if (url != null && audience != null) {
      ((ObjectNode) status.get("address")).put("audience", audience);
    }
    return this;
  }

  /** Sets a field to a copy of {@code value}, or removes it when {@code value} is null. */
  public StatusBuilder set(String field, JsonNode value) {
    requireOwnField(field);
    if (value == null) {
      status.remove(field);
    } else {
      status.set(field, value.deepCopy());
    }
    return this;
  }

  public StatusBuilder put(String field, String value) {
    return set(field, value == null ? null : Json.object().textNode(value));
  }

  /** A new status object: the fields set, and the conditions sorted by type. */
  public ObjectNode build() {
    ObjectNode out = status.deepCopy();
    if (conditions.isEmpty()) {
      out.remove("conditions");
    } else {
      ArrayNode array = out.putArray("conditions");
      conditions.values().forEach(c -> array.add(c.toJson()));
    }
    return out;
  }

  private void put(Condition condition) {
    Condition previous = conditions.get(condition.type());
    boolean sameStatus = previous != null && previous.status() == condition.status()
        && previous.lastTransitionTime() != null;
    conditions.put(condition.type(), condition.withLastTransitionTime(
        sameStatus ? previous.lastTransitionTime() : clock.instant()));
  }

  private void recomputeHappy() {
    if (conditionSet == null || conditionSet.dependents().isEmpty()) {
      return;
    }
    Condition unknown = null;
    for (String type : conditionSet.dependents()) {
      Condition c = conditions.get(type);
      if (c != null && c.isFalse()) {
        put(Condition.of(conditionSet.happy(), ConditionStatus.FALSE, c.reason(), c.message()));
        return;
      }
      if (unknown == null && (c == null || !c.isTrue())) {
        unknown = c == null ? unknown(type) : c;
      }
    }
    put(unknown == null
        ? Condition.of(conditionSet.happy(), ConditionStatus.TRUE, null, null)
        : Condition.of(conditionSet.happy(), ConditionStatus.UNKNOWN, unknown.reason(),
            unknown.message()));
  }

  private Condition unknown(String type) {
    return new Condition(type, ConditionStatus.UNKNOWN, Condition.Severity.ERROR, null, null,
        clock.instant());
  }

  private static void requireOwnField(String field) {
    if ("conditions".equals(field)) {
      throw new IllegalArgumentException("set conditions with setCondition/markTrue/markFalse");
    }
  }
}
