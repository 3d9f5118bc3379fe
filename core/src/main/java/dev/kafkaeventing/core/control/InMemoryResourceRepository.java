package dev.kafkaeventing.core.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A repository held in memory, for reconciler tests and embedding: writes complete at once and
 * listeners are told on the writing thread. Thread-safe; writes are serialised.
 */
public final class InMemoryResourceRepository implements ResourceRepository {

  private final Map<String, Resource> specs = new ConcurrentSkipListMap<>();
  private final Map<String, ObjectNode> statuses = new ConcurrentSkipListMap<>();
  private final List<Consumer<ResourceEvent>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public Optional<Resource> get(ResourceKey key) {
    Resource declared = specs.get(key.toString());
    if (declared == null) {
      return Optional.empty();
    }
    ObjectNode status = statuses.get(key.toString());
    return Optional.of(status == null ? declared : declared.withStatus(status.deepCopy()));
  }

  @Override
  public List<Resource> list(ResourceKind kind, String namespace) {
    List<Resource> found = new ArrayList<>();
    for (Resource declared : specs.values()) {
      if (declared.resourceKind() == kind && (namespace == null || namespace.equals(declared.metadata().namespace()))) {
        get(declared.key()).ifPresent(found::add);
      }
    }
    found.sort(Comparator.comparing((Resource r) -> r.metadata().namespace()).thenComparing(r -> r.metadata().name()));
    return found;
  }

  @Override
  public synchronized CompletableFuture<Void> putSpec(Resource resource) {
    specs.put(resource.key().toString(), resource.withStatus(JsonNodeFactory.instance.objectNode()));
    fire(ResourceEvent.specChanged(resource.key()));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> putStatus(ResourceKey key, ObjectNode status) {
    statuses.put(key.toString(), status.deepCopy());
    fire(ResourceEvent.statusChanged(key));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> delete(ResourceKey key) {
    Resource previous = specs.remove(key.toString());
    boolean hadStatus = statuses.remove(key.toString()) != null;
    if (previous != null) {
      fire(ResourceEvent.specDeleted(key, previous));
    }
    if (hadStatus) {
      fire(ResourceEvent.statusChanged(key));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> deleteStatus(ResourceKey key) {
    if (statuses.remove(key.toString()) != null) {
      fire(ResourceEvent.statusChanged(key));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized void addListener(Consumer<ResourceEvent> listener) {
    specs.values().forEach(declared -> listener.accept(ResourceEvent.specChanged(declared.key())));
    listeners.add(listener);
  }

  private void fire(ResourceEvent event) {
    listeners.forEach(listener -> listener.accept(event));
  }
}
