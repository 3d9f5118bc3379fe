package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Node;
import java.util.Objects;

/**
 * A Knative Configuration's spec: the revision template every new Revision is stamped from.
 * Immutable and thread-safe; the accessor returns a copy.
 */
public record ConfigurationSpec(ObjectNode template) {

  public ConfigurationSpec {
    template = Objects.requireNonNull(template, "template").deepCopy();
  }

  @Override
  public ObjectNode template() {
    return template.deepCopy();
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static ConfigurationSpec from(Resource resource) {
    return SpecViews.from(resource, ConfigurationSpec::read, ResourceKind.CONFIGURATION);
  }

  static ConfigurationSpec read(Node spec) {
    int mark = spec.problems().mark();
    ObjectNode template = PodTemplates.read(spec.field("template"));
    return spec.problems().cleanSince(mark) ? new ConfigurationSpec(template) : null;
  }
}
