package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Node;

/**
 * A Broker's spec: its configuration (usually a ConfigMap such as {@code kafka-broker-config})
 * and its default delivery. Immutable and thread-safe.
 *
 * @param config null when the broker uses the default configuration
 * @param delivery null when not given
 */
public record BrokerSpec(KReference config, DeliverySpec delivery) {

  /** The annotation naming the broker implementation (for example {@code Kafka}). */
  public static final String CLASS_ANNOTATION = "eventing.knative.dev/broker.class";

  /** @throws ResourceValidationException when the spec is invalid */
  public static BrokerSpec from(Resource resource) {
    return SpecViews.from(resource, BrokerSpec::read, ResourceKind.BROKER);
  }

  static BrokerSpec read(Node spec) {
    spec.allowOnly("config", "delivery");
    int mark = spec.problems().mark();
    KReference config = KReference.read(spec.field("config"));
    DeliverySpec delivery = DeliverySpec.read(spec.field("delivery"));
    return spec.problems().cleanSince(mark) ? new BrokerSpec(config, delivery) : null;
  }
}
