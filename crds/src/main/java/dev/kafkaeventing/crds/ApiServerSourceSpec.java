package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ApiServerSource's spec: watch resources and send their changes as events to a sink.
 * Immutable and thread-safe; accessors of raw JSON return copies.
 *
 * @param resources at least one
 * @param mode {@code Reference} (the default: events carry a reference) or {@code Resource}
 * @param serviceAccountName may be null
 * @param owner the {@code owner} filter, kept raw; may be null
 * @param namespaceSelector kept raw; null for the source's namespace
 * @param ceOverrides extension attributes added to every event; never null
 * @param filters event filters in the Trigger filter dialects, kept raw; may be null
 */
public record ApiServerSourceSpec(List<WatchedResource> resources, String mode,
    String serviceAccountName, ObjectNode owner, ObjectNode namespaceSelector, Destination sink,
    Map<String, String> ceOverrides, JsonNode filters) {

  /**
   * One kind of resource to watch.
   *
   * @param selector a Kubernetes label selector, kept raw; may be null
   */
  public record WatchedResource(String apiVersion, String kind, ObjectNode selector) {

    public WatchedResource {
      SpecViews.requireText(apiVersion, "apiVersion");
      SpecViews.requireText(kind, "kind");
      selector = selector == null ? null : selector.deepCopy();
    }

    @Override
    public ObjectNode selector() {
      return selector == null ? null : selector.deepCopy();
    }

    static WatchedResource read(Node n) {
      if (!n.requireObject()) {
        return null;
      }
      n.allowOnly("apiVersion", "kind", "selector");
      int mark = n.problems().mark();
      String apiVersion = n.field("apiVersion").requiredString();
      String kind = n.field("kind").requiredString();
      ObjectNode selector = SourceFields.object(n.field("selector"));
      return n.problems().cleanSince(mark) ? new WatchedResource(apiVersion, kind, selector) : null;
    }
  }

  public ApiServerSourceSpec {
    resources = List.copyOf(resources);
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("resources is required");
    }
    mode = mode == null ? "Reference" : mode;
    owner = owner == null ? null : owner.deepCopy();
    namespaceSelector = namespaceSelector == null ? null : namespaceSelector.deepCopy();
    Objects.requireNonNull(sink, "sink");
    ceOverrides = ceOverrides == null ? Map.of() : Map.copyOf(ceOverrides);
    filters = filters == null ? null : filters.deepCopy();
  }

  @Override
  public ObjectNode owner() {
    return owner == null ? null : owner.deepCopy();
  }

  @Override
  public ObjectNode namespaceSelector() {
    return namespaceSelector == null ? null : namespaceSelector.deepCopy();
  }

  @Override
  public JsonNode filters() {
    return filters == null ? null : filters.deepCopy();
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static ApiServerSourceSpec from(Resource resource) {
    return SpecViews.from(resource, ApiServerSourceSpec::read, ResourceKind.API_SERVER_SOURCE);
  }

  static ApiServerSourceSpec read(Node spec) {
    spec.allowOnly("resources", "mode", "serviceAccountName", "owner", "namespaceSelector",
        "sink", "ceOverrides", "filters");
    int mark = spec.problems().mark();
    Node resourcesNode = spec.field("resources");
    List<WatchedResource> resources = new ArrayList<>();
    for (Node resource : resourcesNode.elements()) {
      resources.add(WatchedResource.read(resource));
    }
    if (resources.isEmpty() && (!resourcesNode.isPresent() || resourcesNode.value().isArray())) {
      resourcesNode.error("required: at least one resource");
    }
    String mode = spec.field("mode").oneOf("Reference", "Resource");
    String serviceAccount = spec.field("serviceAccountName").string();
    ObjectNode owner = SourceFields.object(spec.field("owner"));
    ObjectNode namespaceSelector = SourceFields.object(spec.field("namespaceSelector"));
    Destination sink = SourceFields.sink(spec);
    Map<String, String> overrides = SourceFields.ceOverrides(spec);
    JsonNode filters = TriggerSpec.readFilters(spec.field("filters"));
    return spec.problems().cleanSince(mark)
        ? new ApiServerSourceSpec(resources, mode, serviceAccount, owner, namespaceSelector, sink,
            overrides, filters)
        : null;
  }
}
