package dev.kafkaeventing.serving.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.ConfigMapData;
import dev.kafkaeventing.crds.ObjectMeta;
import dev.kafkaeventing.crds.OwnerReference;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.core.control.ResourceRepository;
import java.util.List;
import java.util.Map;

/** Knative's labels on owned resources, the cluster domain, and child metadata. Stateless. */
final class ServingLabels {

  static final String SERVICE = "serving.knative.dev/service";
  static final String CONFIGURATION = "serving.knative.dev/configuration";
  static final String CONFIGURATION_GENERATION = "serving.knative.dev/configurationGeneration";
  static final String ROUTE = "serving.knative.dev/route";
  static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";
  static final String MAX_SCALE = "autoscaling.knative.dev/max-scale";
  static final String INITIAL_SCALE = "autoscaling.knative.dev/initial-scale";
  static final String DEFAULT_DOMAIN = "example.com";
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ServingLabels() {}

  static ObjectMeta owned(Resource owner, String name, Map<String, String> labels, Map<String, String> annotations) {
    return new ObjectMeta(name, owner.metadata().namespace(), labels, annotations, 0, null, null,
        List.of(OwnerReference.controllerOf(owner)));
  }

  /**
   * The domain of Route hosts: Knative's {@code config-domain} ConfigMap in {@code knative-serving}
   * (its key with an empty selector), {@code example.com} by default.
   */
  static String domain(ResourceRepository repository) {
    return repository.get(new ResourceKey(ResourceKind.CONFIG_MAP, "knative-serving", "config-domain"))
        .map(ConfigMapData::from)
        .flatMap(data -> data.data().entrySet().stream()
            .filter(e -> !e.getKey().startsWith("_") && (e.getValue() == null || e.getValue().isBlank()))
            .map(Map.Entry::getKey)
            .findFirst()
            .or(() -> data.data().keySet().stream().filter(k -> !k.startsWith("_")).findFirst()))
        .orElse(DEFAULT_DOMAIN);
  }

  static ObjectNode object() {
    return JSON.objectNode();
  }
}
