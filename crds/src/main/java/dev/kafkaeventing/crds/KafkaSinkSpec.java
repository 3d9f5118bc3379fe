package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Node;
import java.util.List;

/**
 * A KafkaSink's spec: an addressable that writes every event it receives to a Kafka topic.
 * Immutable and thread-safe; {@link #auth()} returns a copy.
 *
 * @param numPartitions null when the topic exists already and is not created
 * @param replicationFactor null when the topic exists already and is not created
 * @param contentMode {@code binary} (the default) or {@code structured}
 * @param auth the {@code auth} section (secret reference), kept raw; null when not given
 */
public record KafkaSinkSpec(String topic, List<String> bootstrapServers, Integer numPartitions,
    Integer replicationFactor, String contentMode, ObjectNode auth) {

  public KafkaSinkSpec {
    SpecViews.requireText(topic, "topic");
    bootstrapServers = List.copyOf(bootstrapServers);
    if (bootstrapServers.isEmpty()) {
      throw new IllegalArgumentException("bootstrapServers is required");
    }
    contentMode = contentMode == null ? "binary" : contentMode;
    auth = auth == null ? null : auth.deepCopy();
  }

  @Override
  public ObjectNode auth() {
    return auth == null ? null : auth.deepCopy();
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static KafkaSinkSpec from(Resource resource) {
    return SpecViews.from(resource, KafkaSinkSpec::read, ResourceKind.KAFKA_SINK);
  }

  static KafkaSinkSpec read(Node spec) {
    spec.allowOnly("topic", "bootstrapServers", "numPartitions", "replicationFactor",
        "contentMode", "auth");
    int mark = spec.problems().mark();
    String topic = spec.field("topic").requiredString();
    List<String> servers = SourceFields.requiredStrings(spec.field("bootstrapServers"));
    Integer partitions = spec.field("numPartitions").integer(1, Integer.MAX_VALUE);
    Integer replication = spec.field("replicationFactor").integer(1, Short.MAX_VALUE);
    String contentMode = spec.field("contentMode").oneOf("binary", "structured");
    ObjectNode auth = SourceFields.object(spec.field("auth"));
    return spec.problems().cleanSince(mark)
        ? new KafkaSinkSpec(topic, servers, partitions, replication, contentMode, auth)
        : null;
  }
}
