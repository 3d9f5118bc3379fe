package dev.kafkaeventing.sources.container;

import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.SinkBindingSpec;
import dev.kafkaeventing.crds.StatusBuilder;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciles SinkBindings, standalone: the subject must be ContainerSources (by name or label
 * selector); the binding is Ready when its sink resolves and at least one subject exists. The
 * ContainerSources themselves pick the binding up (see {@link ContainerSourceReconciler}); this
 * reconciler requeues them when what it binds changed.
 *
 * <p>Called on the reconcile thread only.
 */
final class SinkBindingReconciler implements Reconciler {

  static final ConditionSet CONDITIONS = ConditionSet.living("SinkProvided", "SubjectFound");

  private final ContainerSourceControl control;
  /** What each binding last bound: when it changes, its subjects are reconciled again. */
  private final Map<ResourceKey, String> bound = new HashMap<>();

  SinkBindingReconciler(ContainerSourceControl control) {
    this.control = control;
  }

  @Override
  public void reconcile(Resource binding) throws Exception {
    StatusBuilder status = StatusBuilder.of(binding, CONDITIONS, control.ports().clock())
        .initializeConditions()
        .observedGeneration(binding.metadata().generation());
    SinkBindingSpec spec = SinkBindingSpec.from(binding);
    String fingerprint = null;
    Optional<String> unsupported = Bindings.unsupported(spec.subject());
    if (unsupported.isPresent()) {
      status.markFalse("SubjectFound", "SubjectNotSupported", unsupported.get());
    } else {
      try {
        URI sink = control.ports().resolver().resolve(spec.sink(), binding.metadata().namespace());
        status.put("sinkUri", sink.toString()).markTrue("SinkProvided");
        fingerprint = sink + " " + spec.ceOverrides() + " " + spec.subject();
      } catch (DestinationResolver.UnresolvedException e) {
        status.markFalse("SinkProvided", "NotFound", "spec.sink: " + e.getMessage());
      }
      List<Resource> subjects = control.ports().repository()
          .list(ResourceKind.CONTAINER_SOURCE, Bindings.subjectNamespace(binding, spec)).stream()
          .filter(source -> Bindings.binds(binding, spec, source)).toList();
      if (subjects.isEmpty()) {
        status.markFalse("SubjectFound", "SubjectNotFound", "no ContainerSource in namespace "
            + Bindings.subjectNamespace(binding, spec) + " matches spec.subject");
      } else {
        status.markTrue("SubjectFound");
      }
    }
    if (!java.util.Objects.equals(fingerprint, bound.put(binding.key(), fingerprint))) {
      requeueContainerSources();
    }
    control.ports().writeStatus(binding, status.build());
  }

  private void requeueContainerSources() {
    control.ports().repository().list(ResourceKind.CONTAINER_SOURCE, null)
        .forEach(source -> control.ports().requeue(source.key()));
  }

  @Override
  public void deleted(ResourceKey key) {
    bound.remove(key);
    requeueContainerSources();
    control.ports().repository().deleteStatus(key);
  }
}
