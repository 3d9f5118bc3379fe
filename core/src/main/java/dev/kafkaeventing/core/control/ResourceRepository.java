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

  /** Writes what the user declared; the stored copy carries no status. */
  CompletableFuture<Void> putSpec(Resource resource);

  /** Writes a resource's observed status. */
  CompletableFuture<Void> putStatus(ResourceKey key, ObjectNode status);

  /** Deletes a resource's declaration and status. */
  CompletableFuture<Void> delete(ResourceKey key);

  /** Removes a status left behind by a deleted resource. */
  CompletableFuture<Void> deleteStatus(ResourceKey key);

  /**
   * Tells {@code listener} about every change from now on, after an event per resource already
   * declared ({@link ResourceEvent.Type#SPEC_CHANGED}). Events come one at a time, in the order
   * the repository saw them; a listener must return quickly and never wait on a write.
   */
  void addListener(Consumer<ResourceEvent> listener);
}
