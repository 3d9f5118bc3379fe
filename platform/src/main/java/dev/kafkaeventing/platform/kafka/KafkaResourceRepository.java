package dev.kafkaeventing.platform.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.platform.kafka.ResourceStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Resources over the {@link ResourceStore}: what users declare ({@code spec/<key>}) and what the
 * reconcilers observe ({@code status/<key>}) are stored apart, like Kubernetes' status
 * subresource, so an apply never races a status update. Reads join the two.
 *
 * <p>Thread-safe (the store is).
 */
public final class ResourceRepository {

  static final String SPEC = "spec/";
  static final String STATUS = "status/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ResourceStore store;

  public ResourceRepository(ResourceStore store) {
    this.store = store;
  }

  public Optional<Resource> get(ResourceKey key) {
    return store.get(SPEC + key).map(bytes -> withStatus(Resource.fromJson(bytes)));
  }

  /** Resources of a kind, in one namespace or (namespace null) in all; sorted by namespace, name. */
  public List<Resource> list(ResourceKind kind, String namespace) {
    String prefix = SPEC + kind.kind() + "/" + (namespace == null ? "" : namespace + "/");
    List<Resource> resources = new ArrayList<>();
    store.list(prefix).values().forEach(bytes -> resources.add(withStatus(Resource.fromJson(bytes))));
    resources.sort(Comparator.comparing((Resource r) -> r.metadata().namespace())
        .thenComparing(r -> r.metadata().name()));
    return resources;
  }

  /** Writes what the user declared; the stored copy carries no status. */
  public CompletableFuture<Void> putSpec(Resource resource) {
    Resource declared = resource.withStatus(JsonNodeFactory.instance.objectNode());
    return store.put(SPEC + resource.key(), declared.toJson()).thenApply(ignored -> null);
  }

  public CompletableFuture<Void> putStatus(ResourceKey key, ObjectNode status) {
    try {
      return store.put(STATUS + key, JSON.writeValueAsBytes(status)).thenApply(ignored -> null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public CompletableFuture<Void> delete(ResourceKey key) {
    return CompletableFuture.allOf(store.delete(SPEC + key), store.delete(STATUS + key));
  }

  /** Removes a status left behind by a deleted resource. */
  public CompletableFuture<Void> deleteStatus(ResourceKey key) {
    return store.delete(STATUS + key).thenApply(ignored -> null);
  }

  private Resource withStatus(Resource declared) {
    return store.get(STATUS + declared.key())
        .map(ResourceRepository::readObject)
        .map(declared::withStatus)
        .orElse(declared);
  }

  private static ObjectNode readObject(byte[] bytes) {
    try {
      return (ObjectNode) JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
