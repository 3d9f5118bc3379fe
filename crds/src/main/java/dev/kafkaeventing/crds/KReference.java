package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Names;
import dev.kafkaeventing.crds.internal.Node;
import java.util.Optional;

/**
 * A reference to another resource, Knative's {@code KReference}: the {@code ref} of a
 * destination, a Subscription's channel, a Broker's config. Immutable and thread-safe.
 *
 * @param namespace null when not given: the referring resource's namespace applies
 */
public record KReference(String apiVersion, String kind, String name, String namespace) {

  public KReference {
    SpecViews.requireText(apiVersion, "apiVersion");
    SpecViews.requireText(kind, "kind");
    SpecViews.requireText(name, "name");
    namespace = namespace == null || namespace.isEmpty() ? null : namespace;
  }

  /** The namespace, or {@code defaultNamespace} (the referring resource's) when not given. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** The registered kind this reference points to, if it is one kafka-eventing serves. */
  public Optional<ResourceKind> resourceKind() {
    return ResourceKind.of(apiVersion, kind);
  }

  /** Reads a reference; null when absent or invalid (problems reported). */
  static KReference read(Node n) {
    if (!n.isObject()) {
      return null;
    }
    n.allowOnly("apiVersion", "kind", "name", "namespace");
    int mark = n.problems().mark();
    String apiVersion = n.field("apiVersion").requiredString();
    String kind = n.field("kind").requiredString();
    String name = n.field("name").requiredString();
    String namespace = n.field("namespace").string();
    if (namespace != null) {
      Names.checkDns1123Label(namespace).ifPresent(n.field("namespace")::error);
    }
    return n.problems().cleanSince(mark) ? new KReference(apiVersion, kind, name, namespace) : null;
  }

  static KReference readRequired(Node n) {
    return n.requireObject() ? read(n) : null;
  }
}
