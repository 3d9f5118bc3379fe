package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.DerivedKafkaNames;
import dev.kafkaeventing.core.control.ReconcilerContext;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.dispatcher.DispatcherControl;
import dev.kafkaeventing.ingress.ReceiverRouteTable;
import java.util.Objects;

/**
 * What the Broker, Trigger and ConfigMap reconcilers need, and nothing more. Immutable; its parts
 * are thread-safe.
 *
 * @param ports the repository, status port and requeue every reconciler has
 * @param dispatcher the dispatcher's streams (one per Broker) and routes (one per Trigger)
 * @param routes the receiver's paths, one per ready Broker
 * @param topics broker topics; used only by the Broker reconciler and {@code describe}
 * @param names whether a deleted Broker's Kafka names are still used elsewhere
 * @param config partitions, replication and the event size limit
 * @param ingressUrl base URL of the receiver, e.g. {@code http://127.0.0.1:8080}
 */
public record BrokerControl(ControlPorts ports, DispatcherControl dispatcher, ReceiverRouteTable routes,
    KafkaTopics topics, DerivedKafkaNames names, BrokerSettings config, String ingressUrl)
    implements ReconcilerContext {

  public BrokerControl {
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(routes, "routes");
  }

  /** Reconcile the resources that may depend on this one (the Triggers of a Broker). */
  void requeueDependents(Resource resource) {
    if (resource.resourceKind() == ResourceKind.BROKER) {
      requeueTriggersIn(resource.metadata().namespace());
    }
  }

  void requeueTriggersIn(String namespace) {
    repository().list(ResourceKind.TRIGGER, namespace).forEach(t -> requeue(t.key()));
  }

  /** Requeues the Brokers of a namespace, or of all namespaces when it is null. */
  void requeueBrokersIn(String namespace) {
    repository().list(ResourceKind.BROKER, namespace).forEach(b -> requeue(b.key()));
  }
}
