package dev.kafkaeventing.crds;

import java.util.Objects;

/**
 * A {@code metadata.ownerReferences} entry: the resource that owns this one (for instance the
 * Sequence that created a Subscription). Immutable and thread-safe.
 *
 * @param controller whether the owner is the managing controller; may be null (unset)
 * @param blockOwnerDeletion may be null (unset)
 */
public record OwnerReference(String apiVersion, String kind, String name, String uid,
    Boolean controller, Boolean blockOwnerDeletion) {

  public OwnerReference {
    requireText(apiVersion, "apiVersion");
    requireText(kind, "kind");
    requireText(name, "name");
    requireText(uid, "uid");
  }

  /** A controller reference to {@code owner}, which must have a uid. */
  public static OwnerReference controllerOf(Resource owner) {
    return new OwnerReference(owner.apiVersion(), owner.kind(), owner.metadata().name(),
        Objects.requireNonNull(owner.metadata().uid(), "owner has no uid"), true, true);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("ownerReference " + field + " is required");
    }
  }
}
