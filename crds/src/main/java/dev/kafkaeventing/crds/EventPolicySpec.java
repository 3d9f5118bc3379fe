package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An EventPolicy's spec ({@code eventing.knative.dev/v1alpha1}, Knative's field names): who may
 * send events ({@code from}) to which Brokers, channels and KafkaSinks ({@code to}), and which
 * events ({@code filters}, the Trigger dialects). An empty {@code to} applies the policy to every
 * such target of its namespace. Immutable and thread-safe; {@link #filters()} returns a copy.
 *
 * @param to the targets; empty for every target of the namespace
 * @param from who may send; at least one
 * @param filters the Subscriptions API filters an event must pass, or null for none
 */
public record EventPolicySpec(List<To> to, List<From> from, ArrayNode filters) {

  /** Kinds a policy may apply to (the kinds the ingress serves). */
  public static final Set<String> TARGET_KINDS =
      Set.of("Broker", "Channel", "InMemoryChannel", "KafkaChannel", "KafkaSink");

  public EventPolicySpec {
    to = List.copyOf(to);
    from = List.copyOf(from);
    filters = filters == null ? null : filters.deepCopy();
  }

  @Override
  public ArrayNode filters() {
    return filters == null ? null : filters.deepCopy();
  }

  /**
   * One target: a reference to a resource of the policy's namespace, or a selector of a kind's
   * resources by label. Exactly one is set.
   *
   * @param ref the target, or null
   * @param selector {@code apiVersion}, {@code kind} and a label selector, or null
   */
  public record To(KReference ref, Selector selector) {}

  /**
   * A label selector over one kind.
   *
   * @param apiVersion the kind's API version
   * @param kind the Kind
   * @param labelSelector {@code matchLabels} and {@code matchExpressions} (Kubernetes' shape)
   */
  public record Selector(String apiVersion, String kind, JsonNode labelSelector) {
    public Selector {
      labelSelector = labelSelector.deepCopy();
    }
  }

  /**
   * One allowed sender: a subject (a trailing {@code *} matches any suffix) or a reference to a
   * resource whose identity the platform issues. Exactly one is set.
   *
   * @param ref the sending resource, or null
   * @param sub the subject, or null
   */
  public record From(KReference ref, String sub) {}

  /** @throws ResourceValidationException when the spec is invalid */
  public static EventPolicySpec from(Resource resource) {
    return SpecViews.from(resource, EventPolicySpec::read, ResourceKind.EVENT_POLICY);
  }

  static EventPolicySpec read(Node spec) {
    spec.allowOnly("to", "from", "filters");
    int mark = spec.problems().mark();
    List<To> to = new ArrayList<>();
    if (spec.field("to").isPresent()) {
      for (Node entry : spec.field("to").elements()) {
        To target = readTo(entry);
        if (target != null) {
          to.add(target);
        }
      }
    }
    List<From> from = new ArrayList<>();
    Node fromNode = spec.field("from");
    if (!fromNode.isPresent() || fromNode.elements().isEmpty()) {
      fromNode.error("required: at least one sender (sub or ref)");
    } else {
      for (Node entry : fromNode.elements()) {
        From sender = readFrom(entry);
        if (sender != null) {
          from.add(sender);
        }
      }
    }
    ArrayNode filters = TriggerSpec.readFilters(spec.field("filters"));
    return spec.problems().cleanSince(mark) ? new EventPolicySpec(to, from, filters) : null;
  }

  private static To readTo(Node entry) {
    if (!entry.requireObject()) {
      return null;
    }
    entry.allowOnly("ref", "selector");
    boolean hasRef = entry.field("ref").isPresent();
    boolean hasSelector = entry.field("selector").isPresent();
    if (hasRef == hasSelector) {
      entry.error("expected exactly one of ref or selector");
      return null;
    }
    if (hasRef) {
      Node refNode = entry.field("ref");
      KReference ref = KReference.readRequired(refNode);
      if (ref != null) {
        requireTargetKind(refNode.field("kind"), ref.kind());
        if (ref.namespace() != null) {
          refNode.field("namespace").error("a policy applies to its own namespace only; drop namespace");
        }
      }
      return ref == null ? null : new To(ref, null);
    }
    Node selector = entry.field("selector");
    if (!selector.requireObject()) {
      return null;
    }
    selector.allowOnly("apiVersion", "kind", "matchLabels", "matchExpressions");
    String apiVersion = selector.field("apiVersion").requiredString();
    String kind = selector.field("kind").requiredString();
    if (kind != null) {
      requireTargetKind(selector.field("kind"), kind);
    }
    selector.field("matchLabels").stringMap();
    ObjectNode labelSelector = selector.value().deepCopy();
    labelSelector.remove(List.of("apiVersion", "kind"));
    try {
      LabelSelectors.validate(labelSelector, selector.path());
    } catch (IllegalArgumentException e) {
      selector.field("matchExpressions").error(e.getMessage());
    }
    return apiVersion == null || kind == null ? null : new To(null, new Selector(apiVersion, kind, labelSelector));
  }

  private static From readFrom(Node entry) {
    if (!entry.requireObject()) {
      return null;
    }
    entry.allowOnly("ref", "sub");
    boolean hasRef = entry.field("ref").isPresent();
    boolean hasSub = entry.field("sub").isPresent();
    if (hasRef == hasSub) {
      entry.error("expected exactly one of ref or sub");
      return null;
    }
    if (hasRef) {
      KReference ref = KReference.readRequired(entry.field("ref"));
      return ref == null ? null : new From(ref, null);
    }
    String sub = entry.field("sub").requiredString();
    if (sub != null && sub.indexOf('*') >= 0 && sub.indexOf('*') != sub.length() - 1) {
      entry.field("sub").error("'" + sub + "': a wildcard '*' is allowed only at the end");
      return null;
    }
    return sub == null ? null : new From(null, sub);
  }

  private static void requireTargetKind(Node field, String kind) {
    if (!TARGET_KINDS.contains(kind)) {
      field.error("'" + kind + "' does not receive events; expected one of " + String.join(", ",
          new java.util.TreeSet<>(TARGET_KINDS)));
    }
  }
}
