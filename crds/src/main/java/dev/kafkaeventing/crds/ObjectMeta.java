package dev.kafkaeventing.crds;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A resource's {@code metadata}: the fields kafka-eventing keeps. Labels and annotations are kept
 * sorted; the creation timestamp is truncated to seconds, as Kubernetes stores it. Immutable and
 * thread-safe; {@code with...} methods return modified copies.
 *
 * @param namespace never null; {@code default} unless the document says otherwise
 * @param generation 0 when not yet assigned
 * @param uid null when not yet assigned
 * @param creationTimestamp null when not yet assigned
 */
public record ObjectMeta(String name, String namespace, Map<String, String> labels,
    Map<String, String> annotations, long generation, String uid, Instant creationTimestamp,
    List<OwnerReference> ownerReferences) {

  /** The namespace of resources that do not name one. */
  public static final String DEFAULT_NAMESPACE = "default";

  public ObjectMeta {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("metadata.name is required");
    }
    namespace = namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
    labels = sorted(labels);
    annotations = sorted(annotations);
    if (generation < 0) {
      throw new IllegalArgumentException("metadata.generation must be >= 0");
    }
    uid = uid == null || uid.isEmpty() ? null : uid;
    creationTimestamp =
        creationTimestamp == null ? null : creationTimestamp.truncatedTo(ChronoUnit.SECONDS);
    ownerReferences = ownerReferences == null ? List.of() : List.copyOf(ownerReferences);
  }

  /** Metadata with just a name and namespace. */
  public static ObjectMeta of(String namespace, String name) {
    return new ObjectMeta(name, namespace, Map.of(), Map.of(), 0, null, null, List.of());
  }

  public Optional<String> label(String key) {
    return Optional.ofNullable(labels.get(key));
  }

  public Optional<String> annotation(String key) {
    return Optional.ofNullable(annotations.get(key));
  }

  public ObjectMeta withNamespace(String ns) {
    return new ObjectMeta(name, ns, labels, annotations, generation, uid, creationTimestamp,
        ownerReferences);
  }

  public ObjectMeta withLabels(Map<String, String> newLabels) {
    return new ObjectMeta(name, namespace, newLabels, annotations, generation, uid,
        creationTimestamp, ownerReferences);
  }

  public ObjectMeta withAnnotations(Map<String, String> newAnnotations) {
    return new ObjectMeta(name, namespace, labels, newAnnotations, generation, uid,
        creationTimestamp, ownerReferences);
  }

  public ObjectMeta withGeneration(long newGeneration) {
    return new ObjectMeta(name, namespace, labels, annotations, newGeneration, uid,
        creationTimestamp, ownerReferences);
  }

  public ObjectMeta withUid(String newUid) {
    return new ObjectMeta(name, namespace, labels, annotations, generation, newUid,
        creationTimestamp, ownerReferences);
  }

  public ObjectMeta withCreationTimestamp(Instant timestamp) {
    return new ObjectMeta(name, namespace, labels, annotations, generation, uid, timestamp,
        ownerReferences);
  }

  public ObjectMeta withOwnerReferences(List<OwnerReference> owners) {
    return new ObjectMeta(name, namespace, labels, annotations, generation, uid,
        creationTimestamp, owners);
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return map == null || map.isEmpty()
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
