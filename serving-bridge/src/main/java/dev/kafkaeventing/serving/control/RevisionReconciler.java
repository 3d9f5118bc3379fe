package dev.kafkaeventing.serving.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.Condition;
import dev.kafkaeventing.crds.ConfigMapData;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.ConditionStatus;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.RevisionSpec;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.autoscaler.AutoscalerSettings;
import dev.kafkaeventing.serving.runtime.RevisionState;
import dev.kafkaeventing.serving.runtime.RevisionWorkload;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a Revision while it is its Configuration's newest or some Route sends it traffic, and stops
 * it otherwise (kept, as Knative keeps unrouted revisions; {@code Active=False, NoTraffic}).
 * Status: {@code ResourcesAvailable} and {@code ContainerHealthy} (a replica that exits before it is
 * ever ready: {@code ExitCode<n>} with its last log lines) make {@code Ready}; {@code actualReplicas},
 * {@code desiredReplicas} and {@code restartCount} say what runs. Reconciled again whenever the
 * runtime sees a replica become ready or exit.
 */
final class RevisionReconciler implements Reconciler {

  static final ResourceKey CONFIG_AUTOSCALER =
      new ResourceKey(ResourceKind.CONFIG_MAP, "knative-serving", "config-autoscaler");
  static final ConditionSet CONDITIONS = ConditionSet.living("ResourcesAvailable", "ContainerHealthy");

  private final ServingControl control;

  RevisionReconciler(ServingControl control) {
    this.control = control;
  }

  @Override
  public void reconcile(Resource revision) throws Exception {
    RevisionSpec spec = RevisionSpec.from(revision);
    RevisionId id = new RevisionId(revision.metadata().namespace(), revision.metadata().name());
    StatusBuilder status = StatusBuilder.of(revision, CONDITIONS, control.ports().clock())
        .initializeConditions()
        .observedGeneration(revision.metadata().generation());
    String configuration = revision.metadata().label(ServingLabels.CONFIGURATION).orElse(null);
    status.put("serviceName", revision.metadata().label(ServingLabels.SERVICE).orElse(null));
    JsonNode image = spec.podSpec().path("containers").path(0).path("image");
    status.set("containerStatuses", ServingLabels.JSON.arrayNode().add(ServingLabels.object()
        .put("name", spec.podSpec().path("containers").path(0).path("name").asText("user-container"))
        .put("imageDigest", image.asText(""))));
    if (!isActive(revision, configuration)) {
      control.runtime().stop(id);
      control.autoscaler().remove(id);
      status.setCondition(Condition.of("Active", ConditionStatus.FALSE, "NoTraffic",
          "The target is not receiving traffic."));
      control.ports().writeStatus(revision, status.put("actualReplicas", null).build());
      return;
    }
    AutoscalerSettings settings;
    try {
      settings = AutoscalerSettings.of(control.ports().repository().get(CONFIG_AUTOSCALER)
          .map(ConfigMapData::from).map(ConfigMapData::data).orElse(Map.of()),
          revision.metadata().annotations(), spec.containerConcurrency());
    } catch (IllegalArgumentException e) {
      control.ports().writeStatus(revision, status.markFalse("ResourcesAvailable", "InvalidAutoscaling",
          e.getMessage()).build());
      return;
    }
    RevisionWorkload workload;
    try {
      workload = Workloads.of(revision, spec, control.ports().repository(), Workloads.initialReplicas(settings),
          control.runtime().runsImages());
    } catch (Workloads.UnrunnableException e) {
      control.ports().writeStatus(revision, status.markFalse("ContainerHealthy", e.reason(), e.getMessage()).build());
      return;
    }
    control.throttlers().configure(id, spec.containerConcurrency(), Duration.ofSeconds(spec.timeoutSeconds()),
        spec.responseStartTimeoutSeconds() == null ? null : Duration.ofSeconds(spec.responseStartTimeoutSeconds()),
        spec.idleTimeoutSeconds() == null ? null : Duration.ofSeconds(spec.idleTimeoutSeconds()));
    control.runtime().run(workload);
    Optional<RevisionState> state = control.runtime().state(id);
    int desired = state.map(RevisionState::desired).orElse(workload.replicas());
    control.autoscaler().configure(id, settings, desired);
    int ready = state.map(s -> s.ready().size()).orElse(0);
    status.set("actualReplicas", ServingLabels.JSON.numberNode(ready))
        .set("desiredReplicas", ServingLabels.JSON.numberNode(desired))
        .set("restartCount", ServingLabels.JSON.numberNode(state.map(RevisionState::restarts).orElse(0)));
    control.autoscaler().status(id).ifPresent(scaling -> status.set("autoscaler", AutoscalerStatus.json(scaling)));
    if (desired == 0) {
      status.markTrue("ResourcesAvailable").markTrue("ContainerHealthy");
      status.setCondition(Condition.of("Active", ConditionStatus.FALSE, "NoTraffic",
          "The target is not receiving traffic (scaled to zero)."));
    } else if (ready > 0 || state.map(RevisionState::everReady).orElse(false)) {
      status.markTrue("ResourcesAvailable").markTrue("ContainerHealthy");
      status.setCondition(ready > 0
          ? Condition.of("Active", ConditionStatus.TRUE, null, null)
          : Condition.of("Active", ConditionStatus.UNKNOWN, "Restarting", "no replica is ready; restarting"));
    } else if (state.map(s -> s.lastExitCode() != null).orElse(false)) {
      RevisionState failed = state.get();
      String lines = failed.lastLogLines().isEmpty() ? "" : ": " + failed.lastLogLines();
      status.markFalse("ContainerHealthy", "ExitCode" + failed.lastExitCode(),
          "Container failed with exit code " + failed.lastExitCode() + lines);
    } else {
      status.markUnknown("ResourcesAvailable", "Deploying", "waiting for a replica to pass its readiness probe");
    }
    control.ports().writeStatus(revision, status.build());
  }

  /** Runs when it is the newest revision of its configuration, or a Route lists it in its traffic. */
  private boolean isActive(Resource revision, String configuration) {
    String namespace = revision.metadata().namespace();
    String name = revision.metadata().name();
    for (Resource route : control.ports().repository().list(ResourceKind.ROUTE, namespace)) {
      for (JsonNode target : route.status().path("traffic")) {
        if (name.equals(target.path("revisionName").asText())) {
          return true;
        }
      }
    }
    if (configuration == null) {
      return true;
    }
    long generation = generation(revision);
    return control.ports().repository().list(ResourceKind.REVISION, namespace).stream()
        .filter(r -> r.metadata().label(ServingLabels.CONFIGURATION).filter(configuration::equals).isPresent())
        .noneMatch(r -> generation(r) > generation);
  }

  private static long generation(Resource revision) {
    return revision.metadata().label(ServingLabels.CONFIGURATION_GENERATION).map(Long::parseLong).orElse(0L);
  }

  @Override
  public void deleted(ResourceKey key) throws Exception {
    control.runtime().remove(new RevisionId(key.namespace(), key.name()));
    control.autoscaler().remove(new RevisionId(key.namespace(), key.name()));
    control.ports().repository().deleteStatus(key);
  }
}
