package dev.kafkaeventing.channel;

import dev.kafkaeventing.crds.KafkaChannelSpec;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.Map;
import java.util.Objects;

/**
 * The topic behind a KafkaChannel or InMemoryChannel: its name and shape. A KafkaChannel takes
 * {@code numPartitions}, {@code replicationFactor} and {@code retentionDuration} from its spec
 * (Knative's defaults: 1, 1 and 7 days); an InMemoryChannel, which has no such fields, takes the
 * platform's defaults and the cluster's retention. Immutable.
 *
 * @param name {@link ChannelId#topic()}
 * @param partitions at least 1
 * @param replicationFactor at least 1
 * @param configs topic configs to create it with (e.g. {@code retention.ms})
 */
public record ChannelTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {

  public ChannelTopic {
    Objects.requireNonNull(name, "name");
    if (partitions < 1 || replicationFactor < 1) {
      throw new IllegalArgumentException("partitions and replicationFactor must be at least 1");
    }
    configs = Map.copyOf(configs);
  }

  /**
   * The topic of a topic-backed channel.
   *
   * @throws IllegalArgumentException when the resource is not a KafkaChannel or InMemoryChannel
   * @throws dev.kafkaeventing.crds.ResourceValidationException when its spec is invalid
   */
  public static ChannelTopic of(Resource channel, int defaultPartitions, short defaultReplication) {
    ChannelId id = new ChannelId(channel.metadata().namespace(), channel.metadata().name());
    ResourceKind kind = channel.resourceKind();
    if (kind == ResourceKind.IN_MEMORY_CHANNEL) {
      return new ChannelTopic(id.topic(), defaultPartitions, defaultReplication, Map.of());
    }
    if (kind != ResourceKind.KAFKA_CHANNEL) {
      throw new IllegalArgumentException(channel + " is not backed by a topic");
    }
    KafkaChannelSpec spec = KafkaChannelSpec.from(channel);
    int partitions = spec.numPartitions() == null ? 1 : spec.numPartitions();
    int replication = spec.replicationFactor() == null ? 1 : spec.replicationFactor();
    long retentionMs = (spec.retentionDuration() == null
        ? KafkaChannelSpec.DEFAULT_RETENTION : spec.retentionDuration()).toMillis();
    return new ChannelTopic(id.topic(), partitions, (short) replication,
        Map.of("retention.ms", Long.toString(retentionMs)));
  }
}
