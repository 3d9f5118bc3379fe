package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Node;
import java.util.Objects;

/**
 * A Knative Service's spec, the subset kafka-eventing runs: the revision template (with at least
 * one container image) and, raw but checked (percents sum to 100), the traffic split. Immutable and thread-safe; accessors return
 * copies.
 *
 * @param traffic the {@code traffic} list, or null when not given
 */
public record ServiceSpec(ObjectNode template, JsonNode traffic) {

  public ServiceSpec {
    template = Objects.requireNonNull(template, "template").deepCopy();
    traffic = traffic == null ? null : traffic.deepCopy();
  }

  @Override
  public ObjectNode template() {
    return template.deepCopy();
  }

  @Override
  public JsonNode traffic() {
    return traffic == null ? null : traffic.deepCopy();
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static ServiceSpec from(Resource resource) {
    return SpecViews.from(resource, ServiceSpec::read, ResourceKind.SERVICE);
  }

  static ServiceSpec read(Node spec) {
    spec.allowOnly("template", "traffic");
    int mark = spec.problems().mark();
    ObjectNode template = PodTemplates.read(spec.field("template"));
    JsonNode traffic = TrafficTargets.read(spec.field("traffic"));
    return spec.problems().cleanSince(mark) ? new ServiceSpec(template, traffic) : null;
  }
}
