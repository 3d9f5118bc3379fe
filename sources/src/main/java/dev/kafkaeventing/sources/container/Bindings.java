package dev.kafkaeventing.sources.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.LabelSelectors;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.SinkBindingSpec;
import java.util.Map;
import java.util.Optional;

/**
 * Which ContainerSources a SinkBinding's subject names: by name, or by a label selector ({@code
 * matchLabels}, and {@code matchExpressions} with {@code In}, {@code NotIn}, {@code Exists},
 * {@code DoesNotExist}). Standalone, only ContainerSources can be subjects. Stateless.
 */
final class Bindings {

  static final String SUBJECT_API_VERSION = "sources.knative.dev/v1";
  static final String SUBJECT_KIND = "ContainerSource";

  private Bindings() {}

  /** Why the subject cannot be bound standalone, or empty when it can. */
  static Optional<String> unsupported(SinkBindingSpec.Subject subject) {
    if (subject.kind().equals(SUBJECT_KIND) && subject.apiVersion().equals(SUBJECT_API_VERSION)) {
      return Optional.empty();
    }
    return Optional.of("spec.subject: standalone, a SinkBinding binds ContainerSources (" + SUBJECT_API_VERSION
        + "), not " + subject.kind() + " (" + subject.apiVersion() + ")");
  }

  static String subjectNamespace(Resource binding, SinkBindingSpec spec) {
    return spec.subject().namespace() != null ? spec.subject().namespace() : binding.metadata().namespace();
  }

  /** Whether the binding's subject is this ContainerSource. */
  static boolean binds(Resource binding, SinkBindingSpec spec, Resource source) {
    if (source.resourceKind() != ResourceKind.CONTAINER_SOURCE || unsupported(spec.subject()).isPresent()
        || !subjectNamespace(binding, spec).equals(source.metadata().namespace())) {
      return false;
    }
    if (spec.subject().name() != null) {
      return spec.subject().name().equals(source.metadata().name());
    }
    return selects(spec.subject().selector(), source.metadata().labels());
  }

  static boolean selects(ObjectNode selector, Map<String, String> labels) {
    return LabelSelectors.matches(selector, labels);
  }
}
