package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Node;

/**
 * An EventType's spec ({@code eventing.knative.dev/v1beta2}, Knative's field names): a kind of
 * event seen on, or offered by, a Broker or Channel. Created by the platform the first time a
 * (type, source) pair is accepted on one (see README, "Event types"); may also be applied.
 * Immutable and thread-safe.
 *
 * @param type the CloudEvents type, required
 * @param source the CloudEvents source (a URI reference); null when not given
 * @param schema a URI of the data's schema; null when not given
 * @param schemaData the schema itself, as text; null when not given
 * @param description free text; null when not given
 * @param reference the Broker or Channel the events are seen on; null when not given
 */
public record EventTypeSpec(String type, String source, String schema, String schemaData, String description,
    KReference reference) {

  public EventTypeSpec {
    SpecViews.requireText(type, "type");
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static EventTypeSpec from(Resource resource) {
    return SpecViews.from(resource, EventTypeSpec::read, ResourceKind.EVENT_TYPE);
  }

  static EventTypeSpec read(Node spec) {
    spec.allowOnly("type", "source", "schema", "schemaData", "description", "reference");
    int mark = spec.problems().mark();
    String type = spec.field("type").requiredString();
    String source = spec.field("source").string();
    String schema = spec.field("schema").string();
    String schemaData = spec.field("schemaData").string();
    String description = spec.field("description").string();
    KReference reference = KReference.read(spec.field("reference"));
    return spec.problems().cleanSince(mark)
        ? new EventTypeSpec(type, source, schema, schemaData, description, reference)
        : null;
  }
}
