package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Node;
import java.time.Duration;

/**
 * A KafkaChannel's spec: the shape of its topic and its default delivery. A null component is
 * unset and takes Knative's default (1 partition, replication factor 1, retention 7 days).
 * Immutable and thread-safe.
 *
 * @param numPartitions at least 1
 * @param replicationFactor between 1 and 32767
 * @param retentionDuration greater than zero
 */
public record KafkaChannelSpec(Integer numPartitions, Integer replicationFactor,
    Duration retentionDuration, DeliverySpec delivery) {

  /** Knative's default retention: 168 hours. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(168);

  public KafkaChannelSpec {
    if (numPartitions != null && numPartitions < 1) {
      throw new IllegalArgumentException("numPartitions must be >= 1");
    }
    if (replicationFactor != null && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
      throw new IllegalArgumentException("replicationFactor must be between 1 and 32767");
    }
    if (retentionDuration != null && (retentionDuration.isZero() || retentionDuration.isNegative())) {
      throw new IllegalArgumentException("retentionDuration must be greater than zero");
    }
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static KafkaChannelSpec from(Resource resource) {
    return SpecViews.from(resource, KafkaChannelSpec::read, ResourceKind.KAFKA_CHANNEL);
  }

  static KafkaChannelSpec read(Node spec) {
    spec.allowOnly("numPartitions", "replicationFactor", "retentionDuration", "subscribers",
        "delivery");
    int mark = spec.problems().mark();
    Integer partitions = spec.field("numPartitions").integer(1, Integer.MAX_VALUE);
    Integer replication = spec.field("replicationFactor").integer(1, Short.MAX_VALUE);
    Duration retention = spec.field("retentionDuration").duration(false);
    DeliverySpec delivery = DeliverySpec.read(spec.field("delivery"));
    return spec.problems().cleanSince(mark)
        ? new KafkaChannelSpec(partitions, replication, retention, delivery)
        : null;
  }
}
