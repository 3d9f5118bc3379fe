package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Node;
import java.util.List;
import java.util.Objects;

/**
 * A Knative Revision's spec: a pod spec ({@code containers}, at least one with an image) plus
 * {@code containerConcurrency}, {@code timeoutSeconds}, {@code responseStartTimeoutSeconds} and
 * {@code idleTimeoutSeconds}. The runtime reads the rest of it raw. Immutable and thread-safe.
 *
 * @param containerConcurrency requests one replica serves at once; 0 means unlimited
 * @param timeoutSeconds longest a request may take (default 300)
 * @param responseStartTimeoutSeconds longest wait for the response to start; null when unset
 * @param idleTimeoutSeconds longest a response stream may stay idle; null when unset
 */
public record RevisionSpec(ObjectNode podSpec, int containerConcurrency, int timeoutSeconds,
    Integer responseStartTimeoutSeconds, Integer idleTimeoutSeconds) {

  /** Knative's {@code revision-timeout-seconds} default. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 300;

  public RevisionSpec {
    podSpec = Objects.requireNonNull(podSpec, "podSpec").deepCopy();
  }

  @Override
  public ObjectNode podSpec() {
    return podSpec.deepCopy();
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static RevisionSpec from(Resource resource) {
    return SpecViews.from(resource, RevisionSpec::read, ResourceKind.REVISION);
  }

  static RevisionSpec read(Node spec) {
    int mark = spec.problems().mark();
    if (!spec.requireObject()) {
      return null;
    }
    Node containers = spec.field("containers");
    List<Node> list = containers.elements();
    if (list.isEmpty() && (!containers.isPresent() || containers.value().isArray())) {
      containers.error("required: at least one container");
    }
    for (Node container : list) {
      if (container.requireObject()) {
        container.field("image").requiredString();
        container.field("command").stringList();
        container.field("args").stringList();
        container.field("workingDir").string();
      }
    }
    Integer concurrency = spec.field("containerConcurrency").integer(0, 1000);
    Integer timeout = spec.field("timeoutSeconds").integer(1, 3600);
    Integer responseStart = spec.field("responseStartTimeoutSeconds").integer(1, 3600);
    Integer idle = spec.field("idleTimeoutSeconds").integer(1, 3600);
    return spec.problems().cleanSince(mark)
        ? new RevisionSpec((ObjectNode) spec.value(), concurrency == null ? 0 : concurrency,
            timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout, responseStart, idle)
        : null;
  }
}
