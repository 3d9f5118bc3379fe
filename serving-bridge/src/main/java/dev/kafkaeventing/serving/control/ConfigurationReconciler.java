package dev.kafkaeventing.serving.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.OwnedResources;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.Condition;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.ConditionStatus;
import dev.kafkaeventing.crds.Conditions;
import dev.kafkaeventing.crds.ConfigurationSpec;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciles a Configuration into immutable Revisions, one per generation of its template, named
 * {@code <configuration>-00001}, {@code -00002}... (or {@code spec.template.metadata.name} when
 * given; a name whose Revision holds another template is refused). Status:
 * {@code latestCreatedRevisionName}, {@code latestReadyRevisionName} (kept while the latest is not
 * ready), and {@code Ready} following the latest Revision ({@code RevisionFailed} when it fails).
 * Earlier Revisions are kept, as in Knative; their reconciler stops those no Route sends traffic to.
 */
final class ConfigurationReconciler implements Reconciler {

  static final ConditionSet CONDITIONS = ConditionSet.living();

  private final ServingControl control;
  private final OwnedResources owned;

  ConfigurationReconciler(ServingControl control) {
    this.control = control;
    this.owned = new OwnedResources(control.ports().repository(), control.ports().clock());
  }

  /** Knative's revision name of a configuration generation. */
  static String revisionName(String configuration, long generation) {
    return configuration + "-" + String.format("%05d", generation);
  }

  @Override
  public void reconcile(Resource configuration) throws Exception {
    ObjectNode template = ConfigurationSpec.from(configuration).template();
    String name = configuration.metadata().name();
    long generation = configuration.metadata().generation();
    StatusBuilder status = StatusBuilder.of(configuration, CONDITIONS, control.ports().clock())
        .initializeConditions()
        .observedGeneration(generation);
    JsonNode templateMeta = template.path("metadata");
    String given = templateMeta.path("name").asText("");
    String revisionName = given.isEmpty() ? revisionName(name, generation) : given;
    Map<String, String> labels = new LinkedHashMap<>(strings(templateMeta.path("labels")));
    labels.put(ServingLabels.CONFIGURATION, name);
    labels.put(ServingLabels.CONFIGURATION_GENERATION, Long.toString(generation));
    configuration.metadata().label(ServingLabels.SERVICE).ifPresent(s -> labels.put(ServingLabels.SERVICE, s));
    ObjectNode revisionSpec = template.path("spec").deepCopy();
    Resource wanted = Resource.of(ResourceKind.REVISION,
        ServingLabels.owned(configuration, revisionName, labels, strings(templateMeta.path("annotations"))),
        revisionSpec);
    Optional<Resource> existing = control.ports().repository().get(wanted.key());
    Resource revision;
    if (existing.isEmpty()) {
      try {
        revision = owned.apply(wanted);
      } catch (OwnedResources.ConflictException e) {
        control.ports().writeStatus(configuration, status.markFalse(ConditionSet.READY, "RevisionFailed",
            e.getMessage()).build());
        return;
      }
    } else if (!existing.get().spec().equals(revisionSpec)
        || OwnedResources.controller(existing.get()).filter(o -> o.name().equals(name)).isEmpty()) {
      control.ports().writeStatus(configuration, status.markFalse(ConditionSet.READY, "RevisionNameTaken",
          "spec.template.metadata.name: revision " + revisionName + " already exists with another template;"
              + " revisions are immutable, give the new template another name").build());
      return;
    } else {
      revision = existing.get();
    }
    status.put("latestCreatedRevisionName", revisionName);
    Optional<Condition> ready = Conditions.find(revision.status(), ConditionSet.READY);
    if (ready.map(Condition::isTrue).orElse(false)) {
      status.put("latestReadyRevisionName", revisionName).markTrue(ConditionSet.READY);
    } else if (ready.map(c -> c.status() == ConditionStatus.FALSE).orElse(false)) {
      status.markFalse(ConditionSet.READY, "RevisionFailed", "Revision \"" + revisionName
          + "\" failed with message: " + ready.get().message());
    } else {
      status.markUnknown(ConditionSet.READY, "Deploying", "revision " + revisionName + " is starting");
    }
    control.ports().writeStatus(configuration, status.build());
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  @Override
  public void deleted(ResourceKey key) throws Exception {
    for (Resource revision : owned.ownedBy(ResourceKind.CONFIGURATION, key.namespace(), key.name(),
        List.of(ResourceKind.REVISION))) {
      owned.delete(revision.key());
    }
    control.ports().repository().deleteStatus(key);
  }
}
