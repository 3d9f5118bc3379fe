package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Names;
import dev.kafkaeventing.crds.internal.Node;
import dev.kafkaeventing.crds.internal.Suggestions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates {@code metadata} as Kubernetes does: name rules per kind, namespace as a
 * DNS-1123 label, label and annotation keys and values. Server-managed fields that kubectl output
 * contains (resourceVersion, managedFields...) are accepted and dropped. Stateless.
 */
final class MetadataReader {

  private static final Set<String> KNOWN = Set.of("name", "namespace", "labels", "annotations",
      "generation", "uid", "creationTimestamp", "ownerReferences");
  private static final Set<String> DROPPED = Set.of("resourceVersion", "selfLink", "managedFields",
      "finalizers", "deletionTimestamp", "deletionGracePeriodSeconds");

  private MetadataReader() {}

  /** The metadata, or null when there were problems; {@code kind} may be null (unknown). */
  static ObjectMeta read(Node meta, ResourceKind kind, String defaultNamespace) {
    if (!meta.isPresent()) {
      meta.field("name").error("required");
      return null;
    }
    if (!meta.isObject()) {
      return null;
    }
    int mark = meta.problems().mark();
    checkFields(meta);
    String name = meta.field("name").requiredString();
    if (name != null) {
      Names.checkName(name, kind == null ? Names.Rule.DNS1123_SUBDOMAIN : kind.nameRule())
          .ifPresent(meta.field("name")::error);
    }
    String namespace = meta.field("namespace").string();
    if (namespace != null) {
      Names.checkDns1123Label(namespace).ifPresent(meta.field("namespace")::error);
    }
    Map<String, String> labels = labels(meta.field("labels"));
    Map<String, String> annotations = annotations(meta.field("annotations"));
    Long generation = meta.field("generation").nonNegativeLong();
    String uid = meta.field("uid").string();
    Instant created = timestamp(meta.field("creationTimestamp"));
    List<OwnerReference> owners = ownerReferences(meta.field("ownerReferences"));
    if (!meta.problems().cleanSince(mark)) {
      return null;
    }
    return new ObjectMeta(name, namespace == null ? defaultNamespace : namespace, labels,
        annotations, generation == null ? 0 : generation, uid, created, owners);
  }

  private static void checkFields(Node meta) {
    for (String field : meta.fieldNames()) {
      if ("generateName".equals(field)) {
        meta.field(field).error("not supported; set metadata.name");
      } else if (!KNOWN.contains(field) && !DROPPED.contains(field)) {
        meta.field(field).error(Suggestions.unknownField(meta.path(), field, KNOWN));
      }
    }
  }

  private static Map<String, String> labels(Node labels) {
    Map<String, String> map = labels.stringMap();
    map.forEach((key, value) -> {
      Names.checkQualifiedName(key).ifPresent(labels.entry(key)::error);
      Names.checkLabelValue(value).ifPresent(labels.entry(key)::error);
    });
    return map;
  }

  private static Map<String, String> annotations(Node annotations) {
    Map<String, String> map = annotations.stringMap();
    map.keySet().forEach(key ->
        Names.checkQualifiedName(key).ifPresent(annotations.entry(key)::error));
    return map;
  }

  private static Instant timestamp(Node field) {
    String text = field.string();
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      field.error("'" + text + "' is not an RFC 3339 timestamp (for example 2024-05-01T10:00:00Z)");
      return null;
    }
  }

  private static List<OwnerReference> ownerReferences(Node list) {
    List<OwnerReference> owners = new ArrayList<>();
    for (Node ref : list.elements()) {
      if (!ref.requireObject()) {
        continue;
      }
      int mark = ref.problems().mark();
      String apiVersion = ref.field("apiVersion").requiredString();
      String kind = ref.field("kind").requiredString();
      String name = ref.field("name").requiredString();
      String uid = ref.field("uid").requiredString();
      Boolean controller = ref.field("controller").bool();
      Boolean block = ref.field("blockOwnerDeletion").bool();
      if (ref.problems().cleanSince(mark)) {
        owners.add(new OwnerReference(apiVersion, kind, name, uid, controller, block));
      }
    }
    return owners;
  }
}
