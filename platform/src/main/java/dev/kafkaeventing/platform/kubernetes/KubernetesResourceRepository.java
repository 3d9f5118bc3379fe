package dev.kafkaeventing.platform.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.ResourceEvent;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources in the Kubernetes API server, for {@code up --kubernetes}: one fabric8 informer per
 * kind (cluster-wide) keeps a cache that {@link #get} and {@link #list} read, spec and status
 * together as the API server joins them; spec writes go to the object, status writes through its
 * {@code status} subresource. Informer callbacks become {@link ResourceEvent}s.
 *
 * <p>Deletion of what Kubernetes cannot garbage-collect (the Kafka topics of Brokers and
 * channels) waits on a finalizer named after the kind's CRD, as Knative's reconcilers do: the
 * finalizer is added with the first status write, an object marked for deletion reads as deleted,
 * and the finalizer goes once the control plane says it has cleaned up ({@link #deletionHandled}).
 *
 * <p>Thread-safe. Lifecycle: {@link #start} waits for every informer's first list; {@link #close}
 * stops them (the client is the caller's).
 */
public final class KubernetesResourceRepository implements ResourceRepository, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesResourceRepository.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** fabric8's own (Jackson 3) serialization of its model; this codebase's JSON is Jackson 2. */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final long WRITE_TIMEOUT_SECONDS = 30;
  /** Kinds whose deletion must wait for the platform: it deletes their Kafka topics. */
  private static final Set<ResourceKind> FINALIZED = Set.of(ResourceKind.BROKER, ResourceKind.KAFKA_CHANNEL,
      ResourceKind.IN_MEMORY_CHANNEL, ResourceKind.CHANNEL);

  private static final Set<String> KEPT_METADATA = Set.of("name", "namespace", "labels", "annotations",
      "generation", "uid", "creationTimestamp", "ownerReferences");

  private final KubernetesClient client;
  private final Map<ResourceKind, SharedIndexInformer<GenericKubernetesResource>> informers =
      new EnumMap<>(ResourceKind.class);
  private final List<Consumer<ResourceEvent>> listeners = new CopyOnWriteArrayList<>();
  /** Marked for deletion and already reported deleted: the final removal is not news. */
  private final Set<ResourceKey> finalizing = ConcurrentHashMap.newKeySet();

  private KubernetesResourceRepository(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Starts an informer per kind and waits for their first lists. A kind whose CRD the cluster
   * lacks is logged and left unwatched: its objects read as absent and writes to it fail.
   */
  public static KubernetesResourceRepository start(KubernetesClient client, Duration timeout) {
    KubernetesResourceRepository repository = new KubernetesResourceRepository(client);
    Map<ResourceKind, CompletableFuture<Void>> started = new EnumMap<>(ResourceKind.class);
    for (ResourceKind kind : ResourceKind.values()) {
      SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(context(kind))
          .inAnyNamespace().runnableInformer(0);
      informer.addEventHandler(repository.handler(kind));
      repository.informers.put(kind, informer);
      started.put(kind, informer.start().toCompletableFuture());
    }
    started.forEach((kind, future) -> {
      try {
        future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("Not watching {}: cannot list them ({}); is its CRD installed (kubectl apply -f crds/src/main/resources/crds)?",
            kind.fullName(), rootMessage(e));
        repository.informers.remove(kind).stop();
      }
    });
    return repository;
  }

  /** How fabric8 addresses a kind: group, served version, plural, namespaced. */
  static ResourceDefinitionContext context(ResourceKind kind) {
    String version = kind.apiVersion().substring(kind.apiVersion().indexOf('/') + 1);
    return new ResourceDefinitionContext.Builder()
        .withGroup(kind.group())
        .withVersion(version)
        .withKind(kind.kind())
        .withPlural(kind.plural())
        .withNamespaced(true)
        .build();
  }

  /** Objects marked for deletion whose finalizer this platform has not removed yet. */
  public Set<ResourceKey> pendingDeletions() {
    return Set.copyOf(finalizing);
  }

  /** True when every kind is watched and listed (false for kinds whose CRD is missing). */
  public boolean watches(ResourceKind kind) {
    return informers.containsKey(kind);
  }

  @Override
  public Optional<Resource> get(ResourceKey key) {
    return cached(key).filter(o -> !markedForDeletion(o)).flatMap(KubernetesResourceRepository::readable);
  }

  @Override
  public List<Resource> list(ResourceKind kind, String namespace) {
    SharedIndexInformer<GenericKubernetesResource> informer = informers.get(kind);
    if (informer == null) {
      return List.of();
    }
    List<Resource> resources = new ArrayList<>();
    for (GenericKubernetesResource object : informer.getStore().list()) {
      if ((namespace == null || namespace.equals(object.getMetadata().getNamespace())) && !markedForDeletion(object)) {
        readable(object).ifPresent(resources::add);
      }
    }
    resources.sort(Comparator.comparing((Resource r) -> r.metadata().namespace()).thenComparing(r -> r.metadata().name()));
    return resources;
  }

  /** Creates the object, or replaces its labels, annotations, owners and spec; status and finalizers stay. */
  @Override
  public CompletableFuture<Void> putSpec(Resource resource) {
    return write(() -> {
      GenericKubernetesResource desired = toObject(resource);
      var objects = client.genericKubernetesResources(informerContext(resource.resourceKind()))
          .inNamespace(resource.metadata().namespace());
      if (objects.withName(resource.metadata().name()).get() == null) {
        objects.resource(desired).create();
        return;
      }
      objects.withName(resource.metadata().name()).edit(current -> {
        current.getMetadata().setLabels(desired.getMetadata().getLabels());
        current.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
        current.getMetadata().setOwnerReferences(desired.getMetadata().getOwnerReferences());
        if (resource.resourceKind().group().isEmpty()) {
          for (String field : List.of("data", "binaryData", "stringData", "type", "immutable")) {
            current.getAdditionalProperties().remove(field);
            if (desired.getAdditionalProperties().containsKey(field)) {
              current.setAdditionalProperty(field, desired.getAdditionalProperties().get(field));
            }
          }
        } else {
          current.setAdditionalProperty("spec", desired.getAdditionalProperties().get("spec"));
        }
        return current;
      });
    });
  }

  /**
   * Writes through the status subresource (a JSON patch replacing {@code status}: no read-modify-
   * write, so no conflict with a concurrent spec change); a Broker's or channel's first status
   * adds the finalizer.
   */
  @Override
  public CompletableFuture<Void> putStatus(ResourceKey key, ObjectNode status) {
    return write(() -> {
      var object = client.genericKubernetesResources(informerContext(key.kind()))
          .inNamespace(key.namespace()).withName(key.name());
      if (FINALIZED.contains(key.kind())) {
        cached(key).filter(o -> !markedForDeletion(o) && !o.getMetadata().getFinalizers().contains(key.kind().fullName()))
            .ifPresent(o -> object.patch(PatchContext.of(PatchType.JSON),
                addFinalizer(o.getMetadata().getFinalizers().isEmpty(), key.kind().fullName())));
      }
      ArrayNode patch = JSON.createArrayNode();
      patch.addObject().put("op", "add").put("path", "/status").set("value", status);
      object.status().patch(PatchContext.of(PatchType.JSON), patch.toString());
    });
  }

  /** A JSON patch appending the finalizer (creating the list when there is none). */
  private static String addFinalizer(boolean noFinalizers, String finalizer) {
    ArrayNode patch = JSON.createArrayNode();
    ObjectNode add = patch.addObject().put("op", "add");
    if (noFinalizers) {
      add.put("path", "/metadata/finalizers").putArray("value").add(finalizer);
    } else {
      add.put("path", "/metadata/finalizers/-").put("value", finalizer);
    }
    return patch.toString();
  }

  /** A JSON patch removing the finalizer at {@code index}, if it is still there. */
  private static String removeFinalizer(int index, String finalizer) {
    ArrayNode patch = JSON.createArrayNode();
    patch.addObject().put("op", "test").put("path", "/metadata/finalizers/" + index).put("value", finalizer);
    patch.addObject().put("op", "remove").put("path", "/metadata/finalizers/" + index);
    return patch.toString();
  }

  @Override
  public CompletableFuture<Void> delete(ResourceKey key) {
    return write(() -> client.genericKubernetesResources(informerContext(key.kind()))
        .inNamespace(key.namespace()).withName(key.name()).delete());
  }

  /** The status goes with the object in Kubernetes: nothing is left behind. */
  @Override
  public CompletableFuture<Void> deleteStatus(ResourceKey key) {
    return CompletableFuture.completedFuture(null);
  }

  /** Removes this platform's finalizer, so the API server completes the deletion. */
  @Override
  public void deletionHandled(ResourceKey key) {
    if (!FINALIZED.contains(key.kind()) || !informers.containsKey(key.kind())) {
      return;
    }
    Optional<GenericKubernetesResource> cached = cached(key);
    if (cached.isEmpty() || !cached.get().getMetadata().getFinalizers().contains(key.kind().fullName())) {
      return;
    }
    int index = cached.get().getMetadata().getFinalizers().indexOf(key.kind().fullName());
    try {
      client.genericKubernetesResources(context(key.kind())).inNamespace(key.namespace()).withName(key.name())
          .patch(PatchContext.of(PatchType.JSON), removeFinalizer(index, key.kind().fullName()));
    } catch (RuntimeException e) {
      // Gone already (another replica, or a user removed the finalizer), or the list moved: the
      // next leader retries (pendingDeletions), or remove it with kubectl patch.
      LOG.warn("Could not remove the finalizer of {}: {}", key, e.getMessage());
    }
  }

  /**
   * {@inheritDoc} The replay of what the caches hold comes on the caller's thread; later events
   * on the informers' threads, one at a time.
   */
  @Override
  public synchronized void addListener(Consumer<ResourceEvent> listener) {
    for (ResourceKind kind : informers.keySet()) {
      for (Resource resource : list(kind, null)) {
        listener.accept(ResourceEvent.specChanged(resource.key()));
      }
    }
    listeners.add(listener);
  }

  private synchronized void emit(ResourceEvent event) {
    for (Consumer<ResourceEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("A resource listener failed on {}", event, e);
      }
    }
  }

  private ResourceEventHandler<GenericKubernetesResource> handler(ResourceKind kind) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource object) {
        ResourceKey key = key(kind, object);
        if (markedForDeletion(object)) {
          if (finalizing.add(key)) {
            emit(ResourceEvent.specDeleted(key, readable(object).orElse(null)));
          }
        } else {
          emit(ResourceEvent.specChanged(key));
        }
      }

      @Override
      public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
        ResourceKey key = key(kind, after);
        if (markedForDeletion(after)) {
          if (finalizing.add(key)) {
            emit(ResourceEvent.specDeleted(key, readable(before).orElse(null)));
          }
          return;
        }
        if (specChanged(before, after)) {
          emit(ResourceEvent.specChanged(key));
        }
        if (!Objects.equals(before.getAdditionalProperties().get("status"), after.getAdditionalProperties().get("status"))) {
          emit(ResourceEvent.statusChanged(key));
        }
      }

      @Override
      public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
        ResourceKey key = key(kind, object);
        if (!finalizing.remove(key)) {
          emit(ResourceEvent.specDeleted(key, readable(object).orElse(null)));
        }
      }
    };
  }

  /** What a reconciler acts on changed: the generation (spec), labels, annotations or owners. */
  private static boolean specChanged(GenericKubernetesResource before, GenericKubernetesResource after) {
    var b = before.getMetadata();
    var a = after.getMetadata();
    return !Objects.equals(b.getGeneration(), a.getGeneration())
        || !Objects.equals(b.getLabels(), a.getLabels())
        || !Objects.equals(b.getAnnotations(), a.getAnnotations())
        || !Objects.equals(b.getOwnerReferences(), a.getOwnerReferences())
        || !Objects.equals(before.getAdditionalProperties().get("spec"), after.getAdditionalProperties().get("spec"))
        || !Objects.equals(before.getAdditionalProperties().get("data"), after.getAdditionalProperties().get("data"));
  }

  /** The object as a resource, or empty (logged) when kubectl stored what this platform cannot read. */
  private static Optional<Resource> readable(GenericKubernetesResource object) {
    try {
      return Optional.of(toResource(object));
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring {} {}/{}: {}", object.getKind(), object.getMetadata().getNamespace(),
          object.getMetadata().getName(), e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<GenericKubernetesResource> cached(ResourceKey key) {
    SharedIndexInformer<GenericKubernetesResource> informer = informers.get(key.kind());
    return informer == null ? Optional.empty()
        : Optional.ofNullable(informer.getStore().getByKey(key.namespace() + "/" + key.name()));
  }

  private ResourceDefinitionContext informerContext(ResourceKind kind) {
    if (!informers.containsKey(kind)) {
      throw new IllegalStateException(kind.fullName() + " are not served by this cluster: install the CRD"
          + " (kubectl apply -f crds/src/main/resources/crds)");
    }
    return context(kind);
  }

  private static boolean markedForDeletion(GenericKubernetesResource object) {
    return object.getMetadata().getDeletionTimestamp() != null;
  }

  private static ResourceKey key(ResourceKind kind, GenericKubernetesResource object) {
    return new ResourceKey(kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /**
   * The object as a {@link Resource}: the metadata a resource keeps (uid and generation included),
   * the body and the status; what else the API server adds is dropped.
   *
   * @throws IllegalArgumentException when the object is not a valid resource
   */
  static Resource toResource(GenericKubernetesResource object) {
    ObjectNode served;
    try {
      served = (ObjectNode) JSON.readTree(SERIALIZATION.asJson(object));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    ObjectNode tree = JSON.createObjectNode();
    for (String field : List.of("apiVersion", "kind", "spec", "status", "data", "binaryData", "immutable")) {
      if (served.has(field)) {
        tree.set(field, served.get(field));
      }
    }
    ObjectNode metadata = tree.putObject("metadata");
    served.path("metadata").fields().forEachRemaining(field -> {
      if (KEPT_METADATA.contains(field.getKey())) {
        metadata.set(field.getKey(), field.getValue());
      }
    });
    return Resource.fromJson(tree.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The object to write: the resource's JSON, without the metadata the API server owns. */
  static GenericKubernetesResource toObject(Resource resource) {
    try {
      ObjectNode tree = (ObjectNode) JSON.readTree(resource.toJson());
      ObjectNode metadata = (ObjectNode) tree.path("metadata");
      metadata.remove(List.of("uid", "generation", "creationTimestamp", "resourceVersion"));
      tree.remove("status");
      return SERIALIZATION.unmarshal(tree.toString(), GenericKubernetesResource.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot convert " + resource.key(), e);
    }
  }

  private CompletableFuture<Void> write(ThrowingRunnable action) {
    // The caller waits on the future with its own timeout; the fabric8 call blocks meanwhile.
    CompletableFuture<Void> done = new CompletableFuture<>();
    for (int attempt = 1; !done.isDone(); attempt++) {
      try {
        action.run();
        done.complete(null);
      } catch (KubernetesClientException e) {
        // 409: the object changed between read and write (a user's apply); read again and retry.
        if (e.getCode() != 409 || attempt == 3) {
          done.completeExceptionally(e);
        }
      } catch (Exception e) {
        done.completeExceptionally(e);
      }
    }
    return done.orTimeout(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Override
  public void close() {
    informers.values().forEach(SharedIndexInformer::stop);
  }
}
