package dev.kafkaeventing.platform.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.ResourceEvent;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The repository as reconcilers see it when several replicas share one API server: reads as
 * usual, writes (statuses, owned children, finalizers) only while this replica leads. Every
 * replica reconciles, so each configures its own data plane; only the leader's conclusions are
 * written. Thread-safe.
 */
final class LeaderOnlyWrites implements ResourceRepository {

  private static final CompletableFuture<Void> SKIPPED = CompletableFuture.completedFuture(null);

  private final ResourceRepository repository;
  private final BooleanSupplier leading;

  LeaderOnlyWrites(ResourceRepository repository, BooleanSupplier leading) {
    this.repository = repository;
    this.leading = leading;
  }

  @Override
  public Optional<Resource> get(ResourceKey key) {
    return repository.get(key);
  }

  @Override
  public List<Resource> list(ResourceKind kind, String namespace) {
    return repository.list(kind, namespace);
  }

  @Override
  public Page page(ResourceKind kind, String namespace, ResourceKey after, int limit) {
    return repository.page(kind, namespace, after, limit);
  }

  @Override
  public CompletableFuture<Void> putSpec(Resource resource) {
    return leading.getAsBoolean() ? repository.putSpec(resource) : SKIPPED;
  }

  @Override
  public CompletableFuture<Void> putStatus(ResourceKey key, ObjectNode status) {
    return leading.getAsBoolean() ? repository.putStatus(key, status) : SKIPPED;
  }

  @Override
  public CompletableFuture<Void> delete(ResourceKey key) {
    return leading.getAsBoolean() ? repository.delete(key) : SKIPPED;
  }

  @Override
  public CompletableFuture<Void> deleteStatus(ResourceKey key) {
    return leading.getAsBoolean() ? repository.deleteStatus(key) : SKIPPED;
  }

  @Override
  public void deletionHandled(ResourceKey key) {
    if (leading.getAsBoolean()) {
      repository.deletionHandled(key);
    }
  }

  @Override
  public void addListener(Consumer<ResourceEvent> listener) {
    repository.addListener(listener);
  }
}
