package dev.kafkaeventing.sources.kafka;

import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.sources.sink.KafkaSinkReconciler;

/**
 * The Kafka part of the sources module's contribution to the control plane: the reconcilers of
 * KafkaSources and KafkaSinks, what {@code describe} shows of a KafkaSource (its consumer group, lag
 * per partition and delivery counters), and the status dependencies of KafkaSources (they follow
 * the addressable their sink points at, and the Secrets of their namespace). Called once, before the control plane starts.
 */
public final class KafkaSourceReconcilers {

  private KafkaSourceReconcilers() {}

  /** Registers the reconcilers, details and status dependents of KafkaSource and KafkaSink. */
  public static void register(ReconcilerRegistry registry, KafkaSourceControl control) {
    KafkaSourceReconciler sources = new KafkaSourceReconciler(control);
    registry.register(ResourceKind.KAFKA_SOURCE, sources)
        .register(ResourceKind.KAFKA_SINK, new KafkaSinkReconciler(control))
        .register(ResourceKind.SECRET, new SecretUsers(control));
    registry.registerDetails(ResourceKind.KAFKA_SOURCE,
        (resource, details) -> KafkaSourceDetails.describe(control, sources, resource, details));
    registry.addDependents(changed -> sourcesFollow(control, changed));
  }

  private static void sourcesFollow(KafkaSourceControl control, ResourceKey key) {
    if (DestinationResolver.isAddressable(key.kind())) {
      control.ports().repository().list(ResourceKind.KAFKA_SOURCE, key.namespace())
          .forEach(r -> control.ports().requeue(r.key()));
    }
  }
}
