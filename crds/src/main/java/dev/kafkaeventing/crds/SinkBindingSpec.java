package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Node;
import java.util.Map;
import java.util.Objects;

/**
 * A SinkBinding's spec: which workloads (the subject) get the sink's address injected as
 * {@code K_SINK}. Immutable and thread-safe.
 *
 * @param ceOverrides extension attributes the subject should add to its events; never null
 */
public record SinkBindingSpec(Subject subject, Destination sink, Map<String, String> ceOverrides) {

  /**
   * The workloads bound: one by name, or those matching a label selector (exactly one of the two).
   *
   * @param namespace null for the SinkBinding's namespace
   * @param name null when a selector is used
   * @param selector a Kubernetes label selector, kept raw; null when a name is used
   */
  public record Subject(String apiVersion, String kind, String namespace, String name,
      ObjectNode selector) {

    public Subject {
      SpecViews.requireText(apiVersion, "apiVersion");
      SpecViews.requireText(kind, "kind");
      if ((name == null) == (selector == null)) {
        throw new IllegalArgumentException("a subject needs exactly one of name and selector");
      }
      selector = selector == null ? null : selector.deepCopy();
    }

    @Override
    public ObjectNode selector() {
      return selector == null ? null : selector.deepCopy();
    }

    static Subject read(Node n) {
      if (!n.requireObject()) {
        return null;
      }
      n.allowOnly("apiVersion", "kind", "namespace", "name", "selector");
      int mark = n.problems().mark();
      String apiVersion = n.field("apiVersion").requiredString();
      String kind = n.field("kind").requiredString();
      String namespace = n.field("namespace").string();
      String name = n.field("name").string();
      ObjectNode selector = SourceFields.object(n.field("selector"));
      if (n.problems().cleanSince(mark) && (name == null) == (selector == null)) {
        n.error("expected exactly one of name and selector, got "
            + (name == null ? "neither" : "both"));
      }
      return n.problems().cleanSince(mark)
          ? new Subject(apiVersion, kind, namespace, name, selector)
          : null;
    }
  }

  public SinkBindingSpec {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(sink, "sink");
    ceOverrides = ceOverrides == null ? Map.of() : Map.copyOf(ceOverrides);
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static SinkBindingSpec from(Resource resource) {
    return SpecViews.from(resource, SinkBindingSpec::read, ResourceKind.SINK_BINDING);
  }

  static SinkBindingSpec read(Node spec) {
    spec.allowOnly("subject", "sink", "ceOverrides");
    int mark = spec.problems().mark();
    Subject subject = Subject.read(spec.field("subject"));
    Destination sink = SourceFields.sink(spec);
    Map<String, String> overrides = SourceFields.ceOverrides(spec);
    return spec.problems().cleanSince(mark)
        ? new SinkBindingSpec(subject, sink, overrides)
        : null;
  }
}
