package dev.kafkaeventing.platform.kubernetes;

import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import dev.kafkaeventing.serving.runtime.RevisionRuntime;
import dev.kafkaeventing.serving.runtime.RevisionState;
import dev.kafkaeventing.serving.runtime.RevisionWorkload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each Revision as a Kubernetes Deployment ({@code <revision>-deployment}, the revision's pod
 * spec with {@code PORT} and the {@code K_*} variables) and a ClusterIP Service ({@code <revision>},
 * port 80 to the container's port), both owned by the Revision, as Knative does. Replicas are what
 * the autoscaler decides; readiness is the Deployment's {@code status.readyReplicas}, as a
 * Deployments informer sees it. The activator sends to the ready pods themselves, as Knative's does:
 * their addresses come from the Service's EndpointSlices (an informer on the slices carrying the
 * Service's labels, which Kubernetes copies onto them), an endpoint counted ready unless its
 * {@code conditions.ready} is false. Until any slice of the Service is seen (or where the platform
 * may not read them), it sends to the Service's DNS name instead, one endpoint per ready replica,
 * and kube-proxy spreads the requests.
 *
 * <p>Only the replica leading the control plane writes; every replica informs, so each knows where
 * to send. A stopped revision's Deployment stays at 0 replicas (Knative keeps an unrouted
 * revision's); a deleted revision's Deployment and Service are deleted (the owner reference lets the
 * garbage collector do the same should the platform be down).
 *
 * <p>Thread-safe; the listener is told on the informer's thread.
 */
public final class DeploymentRevisionRuntime implements RevisionRuntime {

  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String MANAGER = "kafka-eventing";
  static final String REVISION_LABEL = "serving.knative.dev/revision";
  static final int SERVICE_PORT = 80;
  /** The label Kubernetes puts on a Service's EndpointSlices. */
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  private static final int DEFAULT_CONTAINER_PORT = 8080;
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentRevisionRuntime.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;
  private final BooleanSupplier leading;
  private final Listener listener;
  /** Revisions run here, with the replicas last asked for. */
  private final Map<RevisionId, RevisionWorkload> running = new ConcurrentHashMap<>();
  /** What was last written for each revision (null replicas ignored), so unchanged runs write nothing. */
  private final Map<RevisionId, RevisionWorkload> written = new ConcurrentHashMap<>();
  private final Set<RevisionId> everReady = ConcurrentHashMap.newKeySet();
  private final SharedIndexInformer<Deployment> deployments;
  private final SharedIndexInformer<EndpointSlice> slices;

  public DeploymentRevisionRuntime(KubernetesClient client, BooleanSupplier leading, Listener listener) {
    this.client = Objects.requireNonNull(client, "client");
    this.leading = Objects.requireNonNull(leading, "leading");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.deployments = client.apps().deployments().inAnyNamespace().withLabel(MANAGED_BY, MANAGER)
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Deployment deployment) {
            changed(deployment);
          }

          @Override
          public void onUpdate(Deployment old, Deployment deployment) {
            changed(deployment);
          }

          @Override
          public void onDelete(Deployment deployment, boolean finalStateUnknown) {
            revision(deployment).ifPresent(id -> listener.changed(id, List.of()));
          }
        }, 0);
    this.slices = client.discovery().v1().endpointSlices().inAnyNamespace().withLabel(MANAGED_BY, MANAGER)
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(EndpointSlice slice) {
            sliceChanged(slice);
          }

          @Override
          public void onUpdate(EndpointSlice old, EndpointSlice slice) {
            sliceChanged(slice);
          }

          @Override
          public void onDelete(EndpointSlice slice, boolean finalStateUnknown) {
            sliceChanged(slice);
          }
        }, 0);
  }

  /** The Deployment's name for a revision, as Knative names it. */
  public static String deploymentName(RevisionId revision) {
    return revision.name() + "-deployment";
  }

  @Override
  public boolean runsImages() {
    return true;
  }

  @Override
  public void run(RevisionWorkload workload) {
    RevisionId id = workload.id();
    RevisionWorkload previous = running.get(id);
    // A changed template rolls the pods; the replicas stay what the autoscaler decided.
    RevisionWorkload wanted = previous == null ? workload : workload.withReplicas(previous.replicas());
    running.put(id, wanted);
    if (wanted.equals(written.get(id)) || !leading.getAsBoolean()) {
      return;
    }
    try {
      apply(wanted);
      written.put(id, wanted);
    } catch (KubernetesClientException e) {
      LOG.warn("Revision {}: Deployment not written: {}", id, e.getMessage());
    }
  }

  @Override
  public void scale(RevisionId revision, int replicas) {
    RevisionWorkload current = running.computeIfPresent(revision, (id, workload) -> workload.withReplicas(replicas));
    if (current == null || current.equals(written.get(revision)) || !leading.getAsBoolean()) {
      return;
    }
    try {
      replicas(revision, replicas);
      written.put(revision, current);
    } catch (KubernetesClientException e) {
      LOG.warn("Revision {}: Deployment not scaled to {}: {}", revision, replicas, e.getMessage());
    }
  }

  @Override
  public void stop(RevisionId revision) {
    RevisionWorkload stopped = running.remove(revision);
    written.remove(revision);
    if (stopped != null && leading.getAsBoolean()) {
      try {
        replicas(revision, 0);
      } catch (KubernetesClientException e) {
        LOG.warn("Revision {}: Deployment not scaled to 0: {}", revision, e.getMessage());
      }
    }
  }

  /** Sets {@code spec.replicas}, as {@code kubectl scale} does. */
  private void replicas(RevisionId revision, int replicas) {
    client.apps().deployments().inNamespace(revision.namespace()).withName(deploymentName(revision))
        .edit(deployment -> new DeploymentBuilder(deployment).editSpec().withReplicas(replicas).endSpec().build());
  }

  @Override
  public void remove(RevisionId revision) {
    running.remove(revision);
    written.remove(revision);
    everReady.remove(revision);
    if (leading.getAsBoolean()) {
      client.apps().deployments().inNamespace(revision.namespace()).withName(deploymentName(revision)).delete();
      client.services().inNamespace(revision.namespace()).withName(revision.name()).delete();
    }
  }

  @Override
  public Optional<RevisionState> state(RevisionId revision) {
    RevisionWorkload workload = running.get(revision);
    if (workload == null) {
      return Optional.empty();
    }
    Deployment deployment = deployments.getStore()
        .getByKey(revision.namespace() + "/" + deploymentName(revision));
    List<ReplicaEndpoint> ready = deployment == null ? List.of() : endpoints(revision, deployment);
    return Optional.of(new RevisionState(ready, workload.replicas(), 0, null, "", everReady.contains(revision)));
  }

  /** Replicas run in pods: their logs are the pods' ({@code kubectl logs}). */
  @Override
  public List<Path> logs(RevisionId revision) {
    return List.of();
  }

  @Override
  public void close() {
    deployments.close();
    slices.close();
  }

  private void sliceChanged(EndpointSlice slice) {
    String service = slice.getMetadata().getLabels() == null ? null
        : slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL);
    if (service == null) {
      return;
    }
    RevisionId id = new RevisionId(slice.getMetadata().getNamespace(), service);
    Deployment deployment = deployments.getStore().getByKey(id.namespace() + "/" + deploymentName(id));
    if (deployment != null) {
      listener.changed(id, endpoints(id, deployment));
    }
  }

  private void changed(Deployment deployment) {
    revision(deployment).ifPresent(id -> listener.changed(id, endpoints(id, deployment)));
  }

  private List<ReplicaEndpoint> endpoints(RevisionId revision, Deployment deployment) {
    Optional<List<ReplicaEndpoint>> pods = podEndpoints(revision);
    if (pods.isPresent()) {
      if (!pods.get().isEmpty()) {
        everReady.add(revision);
      }
      return pods.get();
    }
    Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
    if (ready == null || ready <= 0) {
      return List.of();
    }
    everReady.add(revision);
    String host = revision.name() + "." + revision.namespace() + ".svc.cluster.local";
    return Collections.nCopies(ready, new ReplicaEndpoint(host, SERVICE_PORT));
  }

  /** The ready pods of the revision's Service, or empty when no slice of it is known (yet). */
  private Optional<List<ReplicaEndpoint>> podEndpoints(RevisionId revision) {
    if (slices == null) {
      return Optional.empty();
    }
    boolean known = false;
    List<ReplicaEndpoint> ready = new ArrayList<>();
    for (EndpointSlice slice : slices.getStore().list()) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      if (!revision.namespace().equals(slice.getMetadata().getNamespace()) || labels == null
          || !revision.name().equals(labels.get(SERVICE_NAME_LABEL))) {
        continue;
      }
      known = true;
      Integer port = port(slice);
      if (port == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint endpoint : slice.getEndpoints()) {
        boolean notReady = endpoint.getConditions() != null && Boolean.FALSE.equals(endpoint.getConditions().getReady());
        if (!notReady && endpoint.getAddresses() != null && !endpoint.getAddresses().isEmpty()) {
          ready.add(new ReplicaEndpoint(endpoint.getAddresses().get(0), port));
        }
      }
    }
    return known ? Optional.of(List.copyOf(ready)) : Optional.empty();
  }

  /** The slice's {@code http} port (the one the Service names), else its only one. */
  private static Integer port(EndpointSlice slice) {
    if (slice.getPorts() == null || slice.getPorts().isEmpty()) {
      return null;
    }
    return slice.getPorts().stream().filter(port -> "http".equals(port.getName())).findFirst()
        .orElse(slice.getPorts().get(0)).getPort();
  }

  private static Optional<RevisionId> revision(Deployment deployment) {
    String name = deployment.getMetadata().getLabels() == null ? null
        : deployment.getMetadata().getLabels().get(REVISION_LABEL);
    return name == null ? Optional.empty() : Optional.of(new RevisionId(deployment.getMetadata().getNamespace(), name));
  }

  private void apply(RevisionWorkload workload) {
    RevisionId id = workload.id();
    Map<String, String> labels = labels(workload);
    PodSpec pod = SERIALIZATION.unmarshal(workload.podSpec().toString(), PodSpec.class);
    Container container = pod.getContainers().get(0);
    int port = port(container);
    List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
    env.removeIf(var -> Set.of("PORT", "K_REVISION", "K_CONFIGURATION", "K_SERVICE").contains(var.getName()));
    env.add(new EnvVar("PORT", Integer.toString(port), null));
    env.add(new EnvVar("K_REVISION", id.name(), null));
    if (workload.configuration() != null) {
      env.add(new EnvVar("K_CONFIGURATION", workload.configuration(), null));
    }
    if (workload.service() != null) {
      env.add(new EnvVar("K_SERVICE", workload.service(), null));
    }
    container.setEnv(env);
    container.setPorts(List.of(new ContainerPort(port, null, null, "http1", "TCP")));
    if (container.getName() == null) {
      container.setName("user-container");
    }
    Deployment deployment = new DeploymentBuilder()
        .withNewMetadata().withName(deploymentName(id)).withNamespace(id.namespace()).withLabels(labels)
        .withOwnerReferences(owner(workload)).endMetadata()
        .withNewSpec().withReplicas(workload.replicas())
        .withNewSelector().addToMatchLabels(REVISION_LABEL, id.name()).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(pod).endTemplate()
        .endSpec().build();
    client.apps().deployments().inNamespace(id.namespace()).resource(deployment).createOr(existing -> existing.edit(
        current -> new DeploymentBuilder(current).editMetadata().withLabels(labels)
            .withOwnerReferences(owner(workload)).endMetadata().withSpec(deployment.getSpec()).build()));
    var service = new ServiceBuilder()
        .withNewMetadata().withName(id.name()).withNamespace(id.namespace()).withLabels(labels)
        .withOwnerReferences(owner(workload)).endMetadata()
        .withNewSpec().addToSelector(REVISION_LABEL, id.name())
        .addNewPort().withName("http").withPort(SERVICE_PORT).withNewTargetPort(port).endPort().endSpec().build();
    client.services().inNamespace(id.namespace()).resource(service).createOr(existing -> existing.edit(
        current -> new ServiceBuilder(current).editMetadata().withLabels(labels).endMetadata()
            .editSpec().withSelector(service.getSpec().getSelector()).withPorts(service.getSpec().getPorts())
            .endSpec().build()));
    LOG.info("Revision {}: Deployment {} with {} replica(s) of {}", id, deploymentName(id), workload.replicas(),
        container.getImage());
  }

  private static Map<String, String> labels(RevisionWorkload workload) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGER);
    labels.put(REVISION_LABEL, workload.id().name());
    if (workload.configuration() != null) {
      labels.put("serving.knative.dev/configuration", workload.configuration());
    }
    if (workload.service() != null) {
      labels.put("serving.knative.dev/service", workload.service());
    }
    return labels;
  }

  private static List<OwnerReference> owner(RevisionWorkload workload) {
    if (workload.uid() == null) {
      return List.of();
    }
    return List.of(new OwnerReferenceBuilder().withApiVersion("serving.knative.dev/v1").withKind("Revision")
        .withName(workload.id().name()).withUid(workload.uid()).withController(true).withBlockOwnerDeletion(true)
        .build());
  }

  /** The container's first declared port (Knative allows one), else Knative's 8080. */
  private static int port(Container container) {
    return container.getPorts() == null || container.getPorts().isEmpty()
        || container.getPorts().get(0).getContainerPort() == null
        ? DEFAULT_CONTAINER_PORT : container.getPorts().get(0).getContainerPort();
  }
}
