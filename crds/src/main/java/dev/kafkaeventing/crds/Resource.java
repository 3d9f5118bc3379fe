package dev.kafkaeventing.crds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Json;
import dev.kafkaeventing.crds.internal.Problems;
import java.io.IOException;
import java.util.Objects;

/**
 * One Knative resource: apiVersion, kind, metadata, spec and status, exactly as in YAML.
 *
 * <p>Immutable and thread-safe: {@code spec} and {@code status} are copied on the way in, and
 * {@link #spec()} and {@link #status()} return copies, so changing what they return changes
 * nothing here. Typed, validated views of a spec are read with the {@code from(Resource)} factory
 * of each spec type (for example {@link TriggerSpec#from(Resource)}).
 *
 * <p>For a ConfigMap, which has no {@code spec}, {@code spec()} holds its top-level
 * {@code data}, {@code binaryData} and {@code immutable} fields; the writers put them back at the
 * top level.
 *
 * @param spec never null (empty when the document has none)
 * @param status never null (empty when the document has none)
 */
public record Resource(String apiVersion, String kind, ObjectMeta metadata, ObjectNode spec,
    ObjectNode status) {

  public Resource {
    Objects.requireNonNull(metadata, "metadata");
    if (ResourceKind.of(apiVersion, kind).isEmpty()) {
      throw new IllegalArgumentException("unsupported apiVersion/kind '" + apiVersion + " " + kind
          + "'; supported: " + ResourceKind.supportedList());
    }
    spec = Json.copyOrEmpty(spec);
    status = Json.copyOrEmpty(status);
  }

  /** A resource of {@code kind} with an empty status. */
  public static Resource of(ResourceKind kind, ObjectMeta metadata, ObjectNode spec) {
    return new Resource(kind.apiVersion(), kind.kind(), metadata, spec, null);
  }

  /** A copy of the spec. */
  @Override
  public ObjectNode spec() {
    return spec.deepCopy();
  }

  /** A copy of the status. */
  @Override
  public ObjectNode status() {
    return status.deepCopy();
  }

  public ResourceKind resourceKind() {
    return ResourceKind.of(apiVersion, kind).orElseThrow();
  }

  public ResourceKey key() {
    return new ResourceKey(resourceKind(), metadata.namespace(), metadata.name());
  }

  public Resource withStatus(ObjectNode newStatus) {
    return new Resource(apiVersion, kind, metadata, spec, newStatus);
  }

  public Resource withMetadata(ObjectMeta newMetadata) {
    return new Resource(apiVersion, kind, newMetadata, spec, status);
  }

  public Resource withSpec(ObjectNode newSpec) {
    return new Resource(apiVersion, kind, metadata, newSpec, status);
  }

  /** Compact JSON in the Kubernetes layout, for storage. */
  public byte[] toJson() {
    try {
      return Json.JSON.writeValueAsBytes(ResourceWriter.toTree(this));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + key(), e);
    }
  }

  /**
   * Reads what {@link #toJson()} wrote. Structure is checked (kind, metadata); the spec is not
   * validated again, since it was validated when the resource was accepted.
   *
   * @throws IllegalArgumentException when the bytes are not a resource
   */
  public static Resource fromJson(byte[] json) {
    JsonNode tree;
    try {
      tree = Json.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    Problems problems = new Problems();
    DocumentReader.Result result =
        DocumentReader.read(tree, "", ObjectMeta.DEFAULT_NAMESPACE, problems, false);
    if (result.resource() == null) {
      throw new IllegalArgumentException("not a valid resource: " + problems.all());
    }
    return result.resource();
  }

  /** The spec itself, for readers in this package that only read it. */
  ObjectNode specView() {
    return spec;
  }

  @Override
  public String toString() {
    return kind + " " + metadata.namespace() + "/" + metadata.name();
  }
}
