package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.internal.Node;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A KafkaSource's spec: consume topics of a Kafka cluster and send each record as a CloudEvent
 * to a sink. Immutable and thread-safe; {@link #net()} returns a copy.
 *
 * @param bootstrapServers at least one {@code host:port}
 * @param topics at least one
 * @param consumerGroup null when a group is generated
 * @param consumers how many consumers to run; null for 1
 * @param initialOffset {@code earliest} or {@code latest}; null for latest
 * @param ordering {@code ordered} or {@code unordered}; null for ordered
 * @param delivery null when not given
 * @param ceOverrides extension attributes added to every event; never null
 * @param net the {@code net} section (SASL/TLS secrets), kept raw; null when not given
 */
public record KafkaSourceSpec(List<String> bootstrapServers, List<String> topics,
    String consumerGroup, Integer consumers, String initialOffset, String ordering,
    Destination sink, DeliverySpec delivery, Map<String, String> ceOverrides, ObjectNode net) {

  public KafkaSourceSpec {
    bootstrapServers = List.copyOf(bootstrapServers);
    topics = List.copyOf(topics);
    if (bootstrapServers.isEmpty() || topics.isEmpty()) {
      throw new IllegalArgumentException("bootstrapServers and topics are required");
    }
    Objects.requireNonNull(sink, "sink");
    ceOverrides = ceOverrides == null ? Map.of() : Map.copyOf(ceOverrides);
    net = net == null ? null : net.deepCopy();
  }

  @Override
  public ObjectNode net() {
    return net == null ? null : net.deepCopy();
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static KafkaSourceSpec from(Resource resource) {
    return SpecViews.from(resource, KafkaSourceSpec::read, ResourceKind.KAFKA_SOURCE);
  }

  static KafkaSourceSpec read(Node spec) {
    spec.allowOnly("bootstrapServers", "topics", "consumerGroup", "consumers", "initialOffset",
        "ordering", "sink", "delivery", "ceOverrides", "net");
    int mark = spec.problems().mark();
    List<String> servers = SourceFields.requiredStrings(spec.field("bootstrapServers"));
    List<String> topics = SourceFields.requiredStrings(spec.field("topics"));
    String group = spec.field("consumerGroup").string();
    Integer consumers = spec.field("consumers").integer(1, Integer.MAX_VALUE);
    String initialOffset = spec.field("initialOffset").oneOf("earliest", "latest");
    String ordering = spec.field("ordering").oneOf("ordered", "unordered");
    Destination sink = SourceFields.sink(spec);
    DeliverySpec delivery = DeliverySpec.read(spec.field("delivery"));
    Map<String, String> overrides = SourceFields.ceOverrides(spec);
    ObjectNode net = SourceFields.object(spec.field("net"));
    return spec.problems().cleanSince(mark)
        ? new KafkaSourceSpec(servers, topics, group, consumers, initialOffset, ordering, sink,
            delivery, overrides, net)
        : null;
  }
}
