package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code status.conditions}. Stateless and thread-safe. */
public final class Conditions {

  private Conditions() {}

  /** The well-formed conditions of a status object (malformed entries are skipped). */
  public static List<Condition> read(JsonNode status) {
    List<Condition> out = new ArrayList<>();
    for (JsonNode node : status.path("conditions")) {
      Condition.fromJson(node).ifPresent(out::add);
    }
    return out;
  }

  public static Optional<Condition> find(JsonNode status, String type) {
    return read(status).stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /** Whether the resource's {@code Ready} condition is True. */
  public static boolean isReady(Resource resource) {
    return find(resource.status(), ConditionSet.READY).map(Condition::isTrue).orElse(false);
  }
}
