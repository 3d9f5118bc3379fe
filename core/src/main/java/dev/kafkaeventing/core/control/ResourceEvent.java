package dev.kafkaeventing.core.control;

import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import java.util.Objects;

/**
 * One change seen in a {@link ResourceRepository}, whichever writer made it. Immutable.
 *
 * @param type what changed
 * @param key the resource concerned
 * @param previous the declared resource before a {@link Type#SPEC_DELETED}; null otherwise
 */
public record ResourceEvent(Type type, ResourceKey key, Resource previous) {

  /** What changed about a resource. */
  public enum Type {
    /** Its declaration was created or changed. */
    SPEC_CHANGED,
    /** Its declaration was deleted; {@link #previous()} holds the last one. */
    SPEC_DELETED,
    /** Its observed status was written or removed. */
    STATUS_CHANGED
  }

  public ResourceEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
  }

  public static ResourceEvent specChanged(ResourceKey key) {
    return new ResourceEvent(Type.SPEC_CHANGED, key, null);
  }

  public static ResourceEvent specDeleted(ResourceKey key, Resource previous) {
    return new ResourceEvent(Type.SPEC_DELETED, key, previous);
  }

  public static ResourceEvent statusChanged(ResourceKey key) {
    return new ResourceEvent(Type.STATUS_CHANGED, key, null);
  }
}
