package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Json;
import dev.kafkaeventing.crds.internal.Node;

/**
 * A {@code channelTemplate}: the kind of channel to create (and its spec) for a Channel,
 * Sequence or Parallel. Immutable and thread-safe; {@link #spec()} returns a copy.
 *
 * @param spec never null (empty when not given)
 */
public record ChannelTemplate(String apiVersion, String kind, ObjectNode spec) {

  public ChannelTemplate {
    SpecViews.requireText(apiVersion, "apiVersion");
    SpecViews.requireText(kind, "kind");
    spec = Json.copyOrEmpty(spec);
  }

  @Override
  public ObjectNode spec() {
    return spec.deepCopy();
  }

  /** Reads a template; null when absent or invalid (problems reported). */
  static ChannelTemplate read(Node n) {
    if (!n.isObject()) {
      return null;
    }
    n.allowOnly("apiVersion", "kind", "spec");
    int mark = n.problems().mark();
    String apiVersion = n.field("apiVersion").requiredString();
    String kind = n.field("kind").requiredString();
    Node spec = n.field("spec");
    if ("KafkaChannel".equals(kind)) {
      spec.allowOnly("numPartitions", "replicationFactor", "retentionDuration", "subscribers",
          "delivery");
    } else if ("InMemoryChannel".equals(kind)) {
      spec.allowOnly("subscribers", "delivery");
    }
    ObjectNode specValue = spec.isObject() ? (ObjectNode) spec.value() : null;
    return n.problems().cleanSince(mark) ? new ChannelTemplate(apiVersion, kind, specValue) : null;
  }
}
