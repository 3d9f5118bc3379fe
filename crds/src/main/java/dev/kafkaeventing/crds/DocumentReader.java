package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Json;
import dev.kafkaeventing.crds.internal.Node;
import dev.kafkaeventing.crds.internal.Problems;
import dev.kafkaeventing.crds.internal.Suggestions;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns one parsed document into a {@link Resource}, reporting every structural problem (kind,
 * metadata, unknown top-level fields) and, when asked, every spec problem through the kind's
 * typed view. Stateless.
 */
final class DocumentReader {

  /** The resource (null when there were problems) and the kind and name as written. */
  record Result(Resource resource, String kind, String name) {}

  private static final Set<String> STANDARD_FIELDS =
      Set.of("apiVersion", "kind", "metadata", "spec", "status");

  private DocumentReader() {}

  static Result read(JsonNode document, String prefix, String defaultNamespace,
      Problems problems, boolean validateSpec) {
    int mark = problems.mark();
    Node root = Node.root(document, prefix, problems);
    if (!root.isPresent()) {
      root.error("must be an object, found nothing");
    }
    if (!root.isObject()) {
      return new Result(null, null, null);
    }
    String apiVersion = root.field("apiVersion").requiredString();
    String kindName = root.field("kind").requiredString();
    ResourceKind kind = resolveKind(root, apiVersion, kindName);
    ObjectMeta metadata = MetadataReader.read(root.field("metadata"), kind, defaultNamespace);
    ObjectNode spec = null;
    ObjectNode status = null;
    if (kind != null) {
      checkTopLevelFields(root, kind);
      spec = body(root, kind);
      Node statusNode = root.field("status");
      status = statusNode.isObject() ? (ObjectNode) statusNode.value() : null;
      if (validateSpec && spec != null) {
        String specPath = kind.bodyAtTopLevel() ? prefix : root.field("spec").path();
        kind.readSpec(Node.strictRoot(spec, specPath, problems));
      }
    }
    Resource resource = problems.cleanSince(mark) && metadata != null && spec != null
        ? new Resource(apiVersion, kind.kind(), metadata, spec, status)
        : null;
    return new Result(resource, kindName, rawName(document));
  }

  private static ResourceKind resolveKind(Node root, String apiVersion, String kindName) {
    if (apiVersion == null || kindName == null) {
      return null;
    }
    ResourceKind kind = ResourceKind.of(apiVersion, kindName).orElse(null);
    if (kind != null) {
      return kind;
    }
    // kubectl resolves kinds without regard to case (`kind: broker` in some Knative guides).
    ResourceKind anyCase = ResourceKind.ofKindIgnoringCase(apiVersion, kindName).orElse(null);
    if (anyCase != null) {
      return anyCase;
    }
    ResourceKind sameKind = ResourceKind.ofKind(kindName).orElse(null);
    if (sameKind != null) {
      root.field("apiVersion").error("'" + apiVersion + "' is not supported for kind " + kindName
          + "; use " + sameKind.apiVersion());
    } else {
      root.field("kind").error("unsupported kind '" + kindName + "' (apiVersion '" + apiVersion
          + "'); supported: " + ResourceKind.supportedList());
    }
    return null;
  }

  private static void checkTopLevelFields(Node root, ResourceKind kind) {
    Set<String> allowed = new HashSet<>(STANDARD_FIELDS);
    if (kind.bodyAtTopLevel()) {
      allowed.remove("spec");
      allowed.remove("status");
      allowed.addAll(kind.topLevelBodyFields());
    }
    for (String field : root.fieldNames()) {
      if (!allowed.contains(field)) {
        root.field(field).error(Suggestions.unknownField(root.path(), field, allowed));
      }
    }
  }

  /** The spec, or for ConfigMap its top-level body fields; null when spec is not an object. */
  private static ObjectNode body(Node root, ResourceKind kind) {
    if (kind.bodyAtTopLevel()) {
      ObjectNode body = Json.object();
      for (String field : kind.topLevelBodyFields()) {
        if (root.field(field).isPresent()) {
          body.set(field, root.field(field).value());
        }
      }
      return body;
    }
    Node spec = root.field("spec");
    if (!spec.isPresent()) {
      return Json.object();
    }
    return spec.isObject() ? (ObjectNode) spec.value() : null;
  }

  private static String rawName(JsonNode document) {
    JsonNode name = document.path("metadata").path("name");
    return name.isTextual() && !name.asText().isEmpty() ? name.asText() : null;
  }
}
