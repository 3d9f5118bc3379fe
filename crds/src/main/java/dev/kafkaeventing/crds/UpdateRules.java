package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kafkaeventing.crds.internal.IsoDurations;
import dev.kafkaeventing.crds.internal.Problems;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which fields may not change once a resource exists, per kind, following Knative's webhooks:
 * a Trigger's broker, a Subscription's channel, a Channel's template, a KafkaChannel's topic
 * shape, a KafkaSink's topic, a KafkaSource's consumer group, a Broker's class annotation, and an
 * immutable ConfigMap's contents. Unset fields compare as their defaults. Stateless.
 */
final class UpdateRules {

  /** A field shown as {@code path}, read by {@code value} (null when unset). */
  private record Field(String path, Function<Resource, JsonNode> value) {}

  private static final Map<ResourceKind, List<Field>> IMMUTABLE = Map.of(
      ResourceKind.BROKER, List.of(annotation(BrokerSpec.CLASS_ANNOTATION)),
      ResourceKind.TRIGGER, List.of(spec("broker")),
      ResourceKind.SUBSCRIPTION, List.of(spec("channel")),
      ResourceKind.CHANNEL, List.of(spec("channelTemplate")),
      ResourceKind.KAFKA_CHANNEL, List.of(specOr("numPartitions", IntNode.valueOf(1)),
          specOr("replicationFactor", IntNode.valueOf(1)), duration("retentionDuration")),
      ResourceKind.KAFKA_SINK, List.of(spec("topic"), spec("numPartitions"),
          spec("replicationFactor")),
      ResourceKind.KAFKA_SOURCE, List.of(spec("consumerGroup")),
      ResourceKind.CONFIG_MAP, List.of(),
      ResourceKind.SECRET, List.of());

  private UpdateRules() {}

  static void check(Resource old, Resource updated, Problems problems) {
    String oldUid = old.metadata().uid();
    String newUid = updated.metadata().uid();
    if (oldUid != null && newUid != null && !oldUid.equals(newUid)) {
      problems.add("metadata.uid", changed(TextNode.valueOf(oldUid), TextNode.valueOf(newUid)));
    }
    for (Field field : IMMUTABLE.getOrDefault(old.resourceKind(), List.of())) {
      JsonNode before = field.value().apply(old);
      JsonNode after = field.value().apply(updated);
      if (!Objects.equals(before, after)) {
        problems.add(field.path(), changed(before, after));
      }
    }
    if ((old.resourceKind() == ResourceKind.CONFIG_MAP || old.resourceKind() == ResourceKind.SECRET)
        && old.specView().path("immutable").asBoolean(false)
        && !old.specView().equals(updated.specView())) {
      problems.add("data", "the " + old.resourceKind().kind() + " is immutable; delete and recreate it to change it");
    }
  }

  private static String changed(JsonNode before, JsonNode after) {
    return "immutable field changed from " + show(before) + " to " + show(after);
  }

  private static String show(JsonNode value) {
    if (value == null) {
      return "<unset>";
    }
    return "'" + (value.isTextual() ? value.asText() : value.toString()) + "'";
  }

  private static Field spec(String name) {
    return new Field("spec." + name, r -> present(r.specView().get(name)));
  }

  private static Field specOr(String name, JsonNode defaultValue) {
    return new Field("spec." + name, r -> {
      JsonNode v = present(r.specView().get(name));
      return v == null ? defaultValue : v;
    });
  }

  /** Compares durations by length, so {@code P7D} and {@code PT168H} are the same. */
  private static Field duration(String name) {
    return new Field("spec." + name, r -> {
      JsonNode v = present(r.specView().get(name));
      return v == null ? null : IsoDurations.parse(v.asText())
          .<JsonNode>map(d -> TextNode.valueOf(d.toString())).orElse(v);
    });
  }

  private static Field annotation(String key) {
    return new Field("metadata.annotations[" + key + "]",
        r -> r.metadata().annotation(key).<JsonNode>map(TextNode::valueOf).orElse(null));
  }

  private static JsonNode present(JsonNode v) {
    return v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty()) ? null : v;
  }
}
