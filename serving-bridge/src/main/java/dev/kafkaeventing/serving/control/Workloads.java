package dev.kafkaeventing.serving.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.crds.ConfigMapData;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.RevisionSpec;
import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.autoscaler.AutoscalerSettings;
import dev.kafkaeventing.serving.runtime.RevisionWorkload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a Revision into what the standalone runtime runs: {@code containers[0].command + args},
 * {@code env} (with {@code valueFrom.configMapKeyRef} read from the repository), {@code workingDir},
 * the readiness probe, and the replica count to start with (see {@link #initialReplicas});
 * {@code image} is not run by the local process runtime. For a runtime that runs images, the pod
 * spec as declared. Stateless.
 */
final class Workloads {

  /** The revision cannot be run; {@code reason} is a condition reason. */
  static final class UnrunnableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    UnrunnableException(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  private Workloads() {}

  /**
   * @param runsImages whether the runtime runs the image (Kubernetes Deployments): a command is then
   *     optional and {@code valueFrom} is left to Kubernetes
   */
  static RevisionWorkload of(Resource revision, RevisionSpec spec, ResourceRepository repository, int replicas,
      boolean runsImages) throws UnrunnableException {
    JsonNode container = spec.podSpec().path("containers").path(0);
    List<String> command = new ArrayList<>();
    container.path("command").forEach(c -> command.add(c.asText()));
    String namespace = revision.metadata().namespace();
    if (runsImages) {
      if (container.path("image").asText("").isEmpty()) {
        throw new UnrunnableException("NoImage", "spec.containers[0].image: required");
      }
      container.path("args").forEach(a -> command.add(a.asText()));
      return new RevisionWorkload(new RevisionId(namespace, revision.metadata().name()),
          revision.metadata().label(ServingLabels.SERVICE).orElse(null),
          revision.metadata().label(ServingLabels.CONFIGURATION).orElse(null), command, Map.of(), null,
          probe(container.path("readinessProbe")), replicas, Duration.ofSeconds(spec.timeoutSeconds()),
          revision.metadata().uid(), spec.podSpec());
    }
    if (command.isEmpty()) {
      throw new UnrunnableException("NoCommand", "spec.containers[0].command: required in standalone mode, which"
          + " runs a local process instead of the image " + container.path("image").asText("") + "");
    }
    container.path("args").forEach(a -> command.add(a.asText()));
    Map<String, String> env = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode var : container.path("env")) {
      env.put(var.path("name").asText(), value(var, "spec.containers[0].env[" + i++ + "]", namespace, repository));
    }
    String workingDir = container.path("workingDir").asText("");
    RevisionWorkload.ReadinessProbe probe = probe(container.path("readinessProbe"));
    return new RevisionWorkload(new RevisionId(namespace, revision.metadata().name()),
        revision.metadata().label(ServingLabels.SERVICE).orElse(null),
        revision.metadata().label(ServingLabels.CONFIGURATION).orElse(null), command, env,
        workingDir.isEmpty() ? null : workingDir, probe, replicas, Duration.ofSeconds(spec.timeoutSeconds()));
  }

  private static String value(JsonNode var, String path, String namespace, ResourceRepository repository)
      throws UnrunnableException {
    if (var.has("value")) {
      return var.path("value").asText();
    }
    JsonNode ref = var.path("valueFrom").path("configMapKeyRef");
    if (ref.isObject()) {
      String name = ref.path("name").asText();
      String key = ref.path("key").asText();
      boolean optional = ref.path("optional").asBoolean(false);
      Optional<String> value = repository.get(new ResourceKey(ResourceKind.CONFIG_MAP, namespace, name))
          .map(ConfigMapData::from)
          .flatMap(data -> data.get(key));
      if (value.isEmpty() && !optional) {
        throw new UnrunnableException("ConfigMapMissing", path + ".valueFrom.configMapKeyRef: key '" + key
            + "' of ConfigMap " + namespace + "/" + name + " not found");
      }
      return value.orElse("");
    }
    if (var.path("valueFrom").isObject()) {
      throw new UnrunnableException("EnvUnsupported", path + ".valueFrom: only configMapKeyRef is supported"
          + " in standalone mode");
    }
    return "";
  }

  private static RevisionWorkload.ReadinessProbe probe(JsonNode probe) {
    String path = probe.path("httpGet").isObject() ? probe.path("httpGet").path("path").asText("/") : null;
    int period = probe.path("periodSeconds").asInt(0);
    int success = probe.path("successThreshold").asInt(1);
    return new RevisionWorkload.ReadinessProbe(path, period > 0 ? Duration.ofSeconds(period) : Duration.ofSeconds(1),
        success);
  }

  /**
   * Replicas to start with: the larger of {@code min-scale} and {@code initial-scale} (0 only when
   * scale to zero is enabled), at most {@code max-scale}; the autoscaler takes over from there.
   */
  static int initialReplicas(AutoscalerSettings settings) {
    int replicas = Math.max(settings.minScale(), settings.initialScale());
    if (!settings.enableScaleToZero()) {
      replicas = Math.max(1, replicas);
    }
    return settings.maxScale() > 0 ? Math.min(replicas, settings.maxScale()) : replicas;
  }
}
