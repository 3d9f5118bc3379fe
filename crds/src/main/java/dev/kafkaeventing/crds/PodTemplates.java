package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Node;
import java.util.List;

/**
 * Checks a pod template ({@code template.spec.containers[*].image}), shared by ContainerSource
 * and Knative Service; the rest of the template is kept raw for the runtime that starts it.
 */
final class PodTemplates {

  private PodTemplates() {}

  /** A copy of the required template, or null when it is missing or has no usable container. */
  static ObjectNode read(Node template) {
    if (!template.requireObject()) {
      return null;
    }
    template.allowOnly("metadata", "spec");
    int mark = template.problems().mark();
    Node podSpec = template.field("spec");
    if (podSpec.requireObject()) {
      Node containers = podSpec.field("containers");
      List<Node> list = containers.elements();
      if (list.isEmpty() && (!containers.isPresent() || containers.value().isArray())) {
        containers.error("required: at least one container");
      }
      for (Node container : list) {
        if (container.requireObject()) {
          container.field("image").requiredString();
        }
      }
    }
    return template.problems().cleanSince(mark) ? (ObjectNode) template.value().deepCopy() : null;
  }
}
