package dev.kafkaeventing.core.control;

import dev.kafkaeventing.crds.ObjectMeta;
import dev.kafkaeventing.crds.OwnerReference;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceValidator;
import dev.kafkaeventing.crds.ValidationError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Writes the resources a controller owns (a Sequence's channels and Subscriptions, a Channel's
 * backing channel) the way {@code apply} writes a user's: a new one gets a uid, a creation time
 * and generation 1; a changed one keeps its uid (so its queued events carry over) and gets the
 * next generation. A resource of the same name owned by something else is never touched.
 *
 * <p>Called on the reconcile thread; each write blocks until the store has read it back.
 */
public final class OwnedResources {

  /**
   * The wanted resource cannot be written: its name is taken by a resource of another owner, the
   * change touches an immutable field, or the resource is invalid (a name too long, say).
   */
  public static final class ConflictException extends Exception {
    private static final long serialVersionUID = 1L;

    ConflictException(String message) {
      super(message);
    }
  }

  private static final long WRITE_TIMEOUT_SECONDS = 30;

  private final ResourceRepository repository;
  private final Clock clock;

  public OwnedResources(ResourceRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /**
   * Creates or updates {@code desired} (whose metadata carries its controller reference).
   * A Subscription whose channel changed is deleted and created again (the field is immutable).
   *
   * @return the stored resource, with its current status
   * @throws ConflictException when the name is taken by a resource the owner does not control,
   *     the change touches an immutable field of a channel, or the resource is invalid
   */
  public Resource apply(Resource desired) throws Exception {
    List<ValidationError> invalid = ResourceValidator.validate(desired);
    if (!invalid.isEmpty()) {
      ValidationError first = invalid.get(0);
      throw new ConflictException(desired.key() + ": " + first.fieldPath() + ": " + first.message());
    }
    Optional<Resource> existing = repository.get(desired.key());
    if (existing.isEmpty()) {
      return create(desired);
    }
    Resource current = existing.get();
    OwnerReference owner = controller(desired).orElseThrow();
    if (controller(current).filter(c -> sameOwner(c, owner)).isEmpty()) {
      throw new ConflictException(desired.key() + " exists and is not owned by " + owner.kind() + " " + owner.name());
    }
    boolean specChanged = !current.spec().equals(desired.spec());
    if (!specChanged && current.metadata().ownerReferences().equals(desired.metadata().ownerReferences())) {
      return current;
    }
    List<ValidationError> refused = ResourceValidator.validateUpdate(current, desired);
    if (!refused.isEmpty()) {
      if (desired.resourceKind() != ResourceKind.SUBSCRIPTION) {
        ValidationError first = refused.get(0);
        throw new ConflictException(desired.key() + ": " + first.fieldPath() + ": " + first.message());
      }
      delete(current.key());
      return create(desired);
    }
    ObjectMeta meta = desired.metadata()
        .withUid(current.metadata().uid())
        .withCreationTimestamp(current.metadata().creationTimestamp())
        .withGeneration(current.metadata().generation() + (specChanged ? 1 : 0));
    Resource updated = desired.withMetadata(meta);
    write(updated);
    return updated.withStatus(current.status());
  }

  public void delete(ResourceKey key) throws Exception {
    repository.delete(key).get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** The resources of {@code kinds} in {@code namespace} controlled by the named owner. */
  public List<Resource> ownedBy(ResourceKind ownerKind, String namespace, String ownerName,
      Collection<ResourceKind> kinds) {
    List<Resource> owned = new ArrayList<>();
    for (ResourceKind kind : kinds) {
      for (Resource resource : repository.list(kind, namespace)) {
        if (controller(resource).filter(c -> c.kind().equals(ownerKind.kind()) && c.name().equals(ownerName))
            .isPresent()) {
          owned.add(resource);
        }
      }
    }
    return owned;
  }

  public static Optional<OwnerReference> controller(Resource resource) {
    return resource.metadata().ownerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.controller()))
        .findFirst();
  }

  /** Same kind and name: a child left by an earlier owner of that name is adopted. */
  private static boolean sameOwner(OwnerReference a, OwnerReference b) {
    return a.kind().equals(b.kind()) && a.name().equals(b.name());
  }

  private Resource create(Resource desired) throws Exception {
    Resource created = desired.withMetadata(desired.metadata()
        .withUid(UUID.randomUUID().toString())
        .withCreationTimestamp(clock.instant())
        .withGeneration(1));
    write(created);
    return created;
  }

  private void write(Resource resource) throws Exception {
    repository.putSpec(resource).get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
