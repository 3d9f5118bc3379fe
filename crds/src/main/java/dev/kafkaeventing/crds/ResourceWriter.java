package dev.kafkaeventing.crds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes resources in canonical form for the CLI and the admin API: fields in the order kubectl
 * prints them (apiVersion, kind, metadata, spec, status), metadata fields in a fixed order, labels
 * and annotations sorted, unset metadata and an empty status left out. Spec and status keep the
 * field order they were written with. Reading the output back gives equal resources.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResourceWriter {

  private ResourceWriter() {}

  /** One resource as YAML, kubectl style (no leading {@code ---}). */
  public static String toYaml(Resource resource) {
    return write(() -> Json.YAML.writeValueAsString(toTree(resource)));
  }

  /** Several resources as one multi-document YAML stream. */
  public static String toYaml(List<Resource> resources) {
    return resources.stream().map(ResourceWriter::toYaml).collect(Collectors.joining("---\n"));
  }

  /** One resource as indented JSON. */
  public static String toJson(Resource resource) {
    return write(() -> Json.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(resource)));
  }

  /** Several resources as indented JSON, wrapped in a {@code v1 List} as kubectl does. */
  public static String toJson(List<Resource> resources) {
    ObjectNode list = Json.object().put("apiVersion", "v1").put("kind", "List");
    ArrayNode items = list.putArray("items");
    resources.forEach(r -> items.add(toTree(r)));
    return write(() -> Json.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list));
  }

  /** The canonical JSON tree of a resource; a new tree the caller may change. */
  public static ObjectNode toTree(Resource resource) {
    ObjectNode tree = Json.object();
    tree.put("apiVersion", resource.apiVersion());
    tree.put("kind", resource.kind());
    tree.set("metadata", metadata(resource.metadata()));
    ObjectNode body = resource.spec();
    if (resource.resourceKind().bodyAtTopLevel()) {
      tree.setAll(body);
      return tree;
    }
    if (!body.isEmpty()) {
      tree.set("spec", body);
    }
    ObjectNode status = resource.status();
    if (!status.isEmpty()) {
      tree.set("status", status);
    }
    return tree;
  }

  private static ObjectNode metadata(ObjectMeta meta) {
    ObjectNode node = Json.object();
    node.put("name", meta.name());
    node.put("namespace", meta.namespace());
    putMap(node, "labels", meta.labels());
    putMap(node, "annotations", meta.annotations());
    if (meta.generation() > 0) {
      node.put("generation", meta.generation());
    }
    if (meta.uid() != null) {
      node.put("uid", meta.uid());
    }
    if (meta.creationTimestamp() != null) {
      node.put("creationTimestamp", meta.creationTimestamp().toString());
    }
    if (!meta.ownerReferences().isEmpty()) {
      ArrayNode owners = node.putArray("ownerReferences");
      meta.ownerReferences().forEach(o -> owners.add(ownerReference(o)));
    }
    return node;
  }

  private static ObjectNode ownerReference(OwnerReference owner) {
    ObjectNode node = Json.object()
        .put("apiVersion", owner.apiVersion())
        .put("kind", owner.kind())
        .put("name", owner.name())
        .put("uid", owner.uid());
    if (owner.controller() != null) {
      node.put("controller", owner.controller());
    }
    if (owner.blockOwnerDeletion() != null) {
      node.put("blockOwnerDeletion", owner.blockOwnerDeletion());
    }
    return node;
  }

  private static void putMap(ObjectNode node, String field, Map<String, String> map) {
    if (!map.isEmpty()) {
      ObjectNode object = node.putObject(field);
      map.forEach(object::put);
    }
  }

  private interface Writing {
    String run() throws JsonProcessingException;
  }

  private static String write(Writing writing) {
    try {
      return writing.run();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write resource", e);
    }
  }
}
