package dev.kafkaeventing.crds;

import java.util.Objects;

/**
 * Identifies a resource: its kind, namespace and name. Immutable and thread-safe; usable as a
 * map or store key. {@link #toString()} gives {@code Broker/default/my-broker}.
 */
public record ResourceKey(ResourceKind kind, String namespace, String name) {

  public ResourceKey {
    Objects.requireNonNull(kind, "kind");
    if (namespace == null || namespace.isEmpty() || name == null || name.isEmpty()) {
      throw new IllegalArgumentException("namespace and name are required");
    }
  }

  /** Parses {@link #toString()}'s form, {@code Kind/namespace/name}. */
  public static ResourceKey parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("expected Kind/namespace/name, got '" + text + "'");
    }
    ResourceKind kind = ResourceKind.ofKind(parts[0])
        .orElseThrow(() -> new IllegalArgumentException("unknown kind '" + parts[0] + "'"));
    return new ResourceKey(kind, parts[1], parts[2]);
  }

  @Override
  public String toString() {
    return kind.kind() + "/" + namespace + "/" + name;
  }
}
