package dev.kafkaeventing.platform.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.ResourceEvent;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources over the {@link ResourceStore}: what users declare ({@code spec/<key>}) and what the
 * reconcilers observe ({@code status/<key>}) are stored apart, like Kubernetes' status
 * subresource, so an apply never races a status update. Reads join the two. The store's key
 * changes reach listeners as typed {@link ResourceEvent}s, so no one else parses these keys.
 *
 * <p>Thread-safe (the store is).
 */
public final class KafkaResourceRepository implements ResourceRepository {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaResourceRepository.class);
  private static final String SPEC = "spec/";
  private static final String STATUS = "status/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ResourceStore store;

  public KafkaResourceRepository(ResourceStore store) {
    this.store = store;
  }

  @Override
  public Optional<Resource> get(ResourceKey key) {
    return store.get(SPEC + key).map(bytes -> withStatus(Resource.fromJson(bytes)));
  }

  @Override
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
  @Override
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


  @Override
  public CompletableFuture<Void> putSpec(Resource resource) {
    Resource declared = resource.withStatus(JsonNodeFactory.instance.objectNode());
    return store.put(SPEC + resource.key(), declared.toJson()).thenApply(ignored -> null);
  }

  @Override
  public CompletableFuture<Void> putStatus(ResourceKey key, ObjectNode status) {
    try {
      return store.put(STATUS + key, JSON.writeValueAsBytes(status)).thenApply(ignored -> null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CompletableFuture<Void> delete(ResourceKey key) {
    return CompletableFuture.allOf(store.delete(SPEC + key), store.delete(STATUS + key));
  }

  @Override
  public CompletableFuture<Void> deleteStatus(ResourceKey key) {
    return store.delete(STATUS + key).thenApply(ignored -> null);
  }

  /**
   * {@inheritDoc} Events come on the caller's thread for what is stored (statuses included), then
   * on the store's tailing thread.
   */
  @Override
  public void addListener(Consumer<ResourceEvent> listener) {
    store.addListener((key, oldValue, newValue) -> {
      if (key.startsWith(SPEC)) {
        ResourceKey changed = ResourceKey.parse(key.substring(SPEC.length()));
        listener.accept(newValue != null
            ? ResourceEvent.specChanged(changed)
            : ResourceEvent.specDeleted(changed, oldValue == null ? null : readResource(changed, oldValue)));
      } else if (key.startsWith(STATUS)) {
        listener.accept(ResourceEvent.statusChanged(ResourceKey.parse(key.substring(STATUS.length()))));
      }
    });
  }

  /** A deleted resource's last declaration; null when unreadable. */
  private static Resource readResource(ResourceKey key, byte[] bytes) {
    try {
      return Resource.fromJson(bytes);
    } catch (IllegalArgumentException e) {
      LOG.debug("Ignoring the unreadable last declaration of deleted {}: {}", key, e.getMessage());
      return null;
    }
  }

  private Resource withStatus(Resource declared) {
    return store.get(STATUS + declared.key())
        .map(KafkaResourceRepository::readObject)
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
