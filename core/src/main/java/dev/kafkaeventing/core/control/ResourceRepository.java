package dev.kafkaeventing.core.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where declared resources and their observed statuses live. What users declare (the spec) and
 * what reconcilers observe (the status) are written apart, like Kubernetes' status subresource, so
 * an apply never races a status update; reads join the two.
 *
 * <p>Implementations are thread-safe. Standalone, a compacted Kafka topic every instance reads;
 * in Kubernetes mode, the API server through informers; in tests, {@link InMemoryResourceRepository}.
 */
public interface ResourceRepository {

  /** The resource with its status, if declared. */
  Optional<Resource> get(ResourceKey key);

  /** Resources of a kind, in one namespace or (namespace null) in all; sorted by namespace, name. */
  List<Resource> list(ResourceKind kind, String namespace);

  /**
   * One page of {@link #list}: at most {@code limit} resources that sort after {@code after} (by
   * namespace, then name; null starts at the first), as Kubernetes' list API pages with {@code
   * limit} and {@code continue}. Implementations may read only the page's resources in full.
   */
  default Page page(ResourceKind kind, String namespace, ResourceKey after, int limit) {
    List<Resource> all = list(kind, namespace);
    List<Resource> later = after == null ? all : all.stream()
        .filter(r -> {
          int byNamespace = r.metadata().namespace().compareTo(after.namespace());
          return byNamespace > 0 || byNamespace == 0 && r.metadata().name().compareTo(after.name()) > 0;
        })
        .toList();
    return new Page(later.subList(0, Math.min(limit, later.size())), Math.max(0, later.size() - limit));
  }

  /** A page of resources, and how many more follow it. */
  record Page(List<Resource> items, int remaining) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /** Writes what the user declared; the stored copy carries no status. */
  CompletableFuture<Void> putSpec(Resource resource);

  /** Writes a resource's observed status. */
  CompletableFuture<Void> putStatus(ResourceKey key, ObjectNode status);

  /** Deletes a resource's declaration and status. */
  CompletableFuture<Void> delete(ResourceKey key);

  /** Removes a status left behind by a deleted resource. */
  CompletableFuture<Void> deleteStatus(ResourceKey key);

  /**
   * The control plane has cleaned up after a deleted resource (its reconciler's {@code deleted}
   * returned). Where deletion waits on the platform (Kubernetes finalizers), it may now proceed;
   * elsewhere nothing is left to do. Called on the reconcile thread.
   */
  default void deletionHandled(ResourceKey key) {}

  /**
   * Tells {@code listener} about every change from now on, after an event per resource already
   * declared ({@link ResourceEvent.Type#SPEC_CHANGED}). Events come one at a time, in the order
   * the repository saw them; a listener must return quickly and never wait on a write.
   */
  void addListener(Consumer<ResourceEvent> listener);
}
