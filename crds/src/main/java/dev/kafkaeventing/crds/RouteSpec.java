package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.crds.internal.Node;

/**
 * A Knative Route's spec: its {@code traffic} targets, raw (checked: percents sum to 100, tags
 * unique). Immutable and thread-safe; the accessor returns a copy.
 *
 * @param traffic the targets, or null when none are given
 */
public record RouteSpec(JsonNode traffic) {

  public RouteSpec {
    traffic = traffic == null ? null : traffic.deepCopy();
  }

  @Override
  public JsonNode traffic() {
    return traffic == null ? null : traffic.deepCopy();
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static RouteSpec from(Resource resource) {
    return SpecViews.from(resource, RouteSpec::read, ResourceKind.ROUTE);
  }

  static RouteSpec read(Node spec) {
    int mark = spec.problems().mark();
    JsonNode traffic = TrafficTargets.read(spec.field("traffic"));
    return spec.problems().cleanSince(mark) ? new RouteSpec(traffic) : null;
  }
}
