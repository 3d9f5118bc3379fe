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
import java.util.Map;
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

  /**
   * One page of {@link #list}: at most {@code limit} resources that sort after {@code after} (by
   * namespace, then name; null starts at the first). Only the page's resources are read in full.
   *
   * @return the page, whose {@code remaining} counts the resources after it
   */
  public Page page(ResourceKind kind, String namespace, ResourceKey after, int limit) {
    String prefix = SPEC + kind.kind() + "/" + (namespace == null ? "" : namespace + "/");
    Comparator<ResourceKey> order = Comparator.comparing(ResourceKey::namespace).thenComparing(ResourceKey::name);
    List<Map.Entry<ResourceKey, byte[]>> entries = new ArrayList<>();
    store.list(prefix).forEach((key, bytes) -> {
      ResourceKey parsed = ResourceKey.parse(key.substring(SPEC.length()));
      if (after == null || order.compare(parsed, after) > 0) {
        entries.add(Map.entry(parsed, bytes));
      }
    });
    entries.sort(Map.Entry.comparingByKey(order));
    List<Resource> items = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, entries.size()); i++) {
      items.add(withStatus(Resource.fromJson(entries.get(i).getValue())));
    }
    return new Page(items, Math.max(0, entries.size() - limit));
  }

  /** A page of resources, and how many more follow it. */
  public record Page(List<Resource> items, int remaining) {
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
