package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Node;
import java.util.Map;
import java.util.Objects;

/**
 * A ContainerSource's spec: a pod template whose container produces events, and the sink they go
 * to (given to the container as {@code K_SINK}). Immutable and thread-safe; {@link #template()}
 * returns a copy.
 *
 * @param template a pod template with at least one container image
 * @param ceOverrides extension attributes added to every event; never null
 */
public record ContainerSourceSpec(ObjectNode template, Destination sink,
    Map<String, String> ceOverrides) {

  public ContainerSourceSpec {
    template = Objects.requireNonNull(template, "template").deepCopy();
    Objects.requireNonNull(sink, "sink");
    ceOverrides = ceOverrides == null ? Map.of() : Map.copyOf(ceOverrides);
  }

  @Override
  public ObjectNode template() {
    return template.deepCopy();
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static ContainerSourceSpec from(Resource resource) {
    return SpecViews.from(resource, ContainerSourceSpec::read, ResourceKind.CONTAINER_SOURCE);
  }

  static ContainerSourceSpec read(Node spec) {
    spec.allowOnly("template", "sink", "ceOverrides");
    int mark = spec.problems().mark();
    ObjectNode template = PodTemplates.read(spec.field("template"));
    Destination sink = SourceFields.sink(spec);
    Map<String, String> overrides = SourceFields.ceOverrides(spec);
    return spec.problems().cleanSince(mark)
        ? new ContainerSourceSpec(template, sink, overrides)
        : null;
  }
}
