package dev.kafkaeventing.sources.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.ContainerSourceSpec;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.SinkBindingSpec;
import dev.kafkaeventing.crds.StatusBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciles ContainerSources: runs {@code template.spec.containers[0]} as a local process
 * ({@code command} and {@code args}, {@code env}, {@code workingDir}; the {@code image} is shown,
 * not run) with {@code K_SINK} (the resolved sink) and {@code K_CE_OVERRIDES} in its environment.
 * A SinkBinding whose subject is the source replaces both (the first by namespace and name when
 * several do). A changed spec or binding restarts the process.
 *
 * <p>Called on the reconcile thread only.
 */
final class ContainerSourceReconciler implements Reconciler {

  static final ConditionSet CONDITIONS = ConditionSet.living("SinkProvided", "ReceiveAdapterReady");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ContainerSourceControl control;
  private final ContainerSources processes;
  /** The labels of each source last seen: a new or relabelled source may be some SinkBinding's subject. */
  private final Map<ResourceKey, Map<String, String>> labels = new HashMap<>();

  ContainerSourceReconciler(ContainerSourceControl control, ContainerSources processes) {
    this.control = control;
    this.processes = processes;
  }

  @Override
  public void reconcile(Resource source) throws Exception {
    if (!source.metadata().labels().equals(labels.put(source.key(), source.metadata().labels()))) {
      requeueBindings();
    }
    StatusBuilder status = StatusBuilder.of(source, CONDITIONS, control.ports().clock())
        .initializeConditions()
        .observedGeneration(source.metadata().generation());
    Optional<ProcessSpec> spec = processSpec(source, status);
    if (spec.isEmpty()) {
      processes.stop(source.key());
    } else {
      processes.ensure(source.key(), spec.get());
      status.markTrue("ReceiveAdapterReady");
    }
    control.ports().writeStatus(source, status.build());
  }

  private Optional<ProcessSpec> processSpec(Resource source, StatusBuilder status) {
    ContainerSourceSpec spec = ContainerSourceSpec.from(source);
    JsonNode container = spec.template().path("spec").path("containers").path(0);
    String image = container.path("image").asText();
    List<String> command = new ArrayList<>();
    container.path("command").forEach(part -> command.add(part.asText()));
    if (command.isEmpty()) {
      status.markFalse("ReceiveAdapterReady", "CommandRequired", "standalone, kafka-eventing runs "
          + "spec.template.spec.containers[0].command as a local process and does not run images: add a command"
          + " (image " + image + " is not run)");
      return Optional.empty();
    }
    container.path("args").forEach(part -> command.add(part.asText()));
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode variable : container.path("env")) {
      if (variable.has("valueFrom")) {
        status.markFalse("ReceiveAdapterReady", "EnvValueFromUnsupported", "spec.template.spec.containers[0].env: "
            + variable.path("name").asText() + ": valueFrom is not supported standalone; give a value");
        return Optional.empty();
      }
      env.put(variable.path("name").asText(), variable.path("value").asText(""));
    }
    Optional<Resource> binding = binding(source);
    URI sink;
    Map<String, String> overrides = spec.ceOverrides();
    try {
      if (binding.isPresent()) {
        SinkBindingSpec bound = SinkBindingSpec.from(binding.get());
        sink = control.ports().resolver().resolve(bound.sink(), binding.get().metadata().namespace());
        overrides = bound.ceOverrides();
        status.put("sinkBinding", binding.get().metadata().namespace() + "/" + binding.get().metadata().name());
      } else {
        sink = control.ports().resolver().resolve(spec.sink(), source.metadata().namespace());
      }
    } catch (DestinationResolver.UnresolvedException e) {
      status.markFalse("SinkProvided", "NotFound", (binding.isPresent() ? "the SinkBinding's spec.sink: " : "spec.sink: ")
          + e.getMessage());
      return Optional.empty();
    }
    status.put("sinkUri", sink.toString()).markTrue("SinkProvided");
    env.put("K_SINK", sink.toString());
    if (!overrides.isEmpty()) {
      ObjectNode json = JSON.createObjectNode();
      ObjectNode extensions = json.putObject("extensions");
      overrides.forEach(extensions::put);
      env.put("K_CE_OVERRIDES", json.toString());
    }
    String workingDir = container.path("workingDir").asText("");
    return Optional.of(new ProcessSpec(command, env, workingDir.isEmpty() ? null : Path.of(workingDir),
        processes.logFile(source.key())));
  }

  /** The SinkBinding bound to this source, the first by namespace and name when several are. */
  private Optional<Resource> binding(Resource source) {
    return control.ports().repository().list(ResourceKind.SINK_BINDING, null).stream()
        .filter(binding -> {
          try {
            return Bindings.binds(binding, SinkBindingSpec.from(binding), source);
          } catch (RuntimeException invalid) {
            return false;
          }
        })
        .min(Comparator.comparing((Resource b) -> b.metadata().namespace()).thenComparing(b -> b.metadata().name()));
  }

  private void requeueBindings() {
    control.ports().repository().list(ResourceKind.SINK_BINDING, null)
        .forEach(binding -> control.ports().requeue(binding.key()));
  }

  @Override
  public void deleted(ResourceKey key) {
    processes.stop(key);
    labels.remove(key);
    requeueBindings();
    control.ports().repository().deleteStatus(key);
  }
}
