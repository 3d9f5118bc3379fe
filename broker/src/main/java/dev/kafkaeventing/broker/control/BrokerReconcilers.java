package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.broker.BrokerId;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.dispatcher.StreamId;

/**
 * The broker module's contribution to the control plane: reconcilers of Brokers, Triggers and the
 * ConfigMaps that configure Brokers, what {@code describe} shows of a Broker (its topic) and a
 * Trigger (its dispatch settings, counters, parked events and replay), and that Triggers follow
 * the addressables they may point at. Called once, before the control plane starts.
 */
public final class BrokerReconcilers {

  /** Names a topic the Broker uses as is and never creates or deletes. */
  public static final String EXTERNAL_TOPIC_ANNOTATION = BrokerReconciler.EXTERNAL_TOPIC_ANNOTATION;

  private BrokerReconcilers() {}

  /** The Kafka topic of a Broker: {@code knative-broker-<namespace>-<name>}, or its external topic. */
  public static String topicName(Resource broker) {
    return BrokerReconciler.topicName(broker);
  }

  /**
   * Registers the module's reconcilers, details and status dependents.
   *
   * @return the Triggers' routes, for the admin API and metrics
   */
  public static TriggerRoutes register(ReconcilerRegistry registry, BrokerControl control) {
    BrokerReconciler brokers = new BrokerReconciler(control);
    TriggerReconciler triggers = new TriggerReconciler(control);
    registry.register(ResourceKind.BROKER, brokers)
        .register(ResourceKind.TRIGGER, triggers)
        .register(ResourceKind.CONFIG_MAP, new ConfigMapReconciler(control));
    registry.registerDetails(ResourceKind.BROKER, (broker, details) -> {
      brokers.topicInfo(broker).ifPresent(info -> {
        details.put("topic", info.name());
        details.put("partitions", info.partitions());
        details.put("replicationFactor", info.replicationFactor());
      });
      StreamId stream = new BrokerId(broker.metadata().namespace(), broker.metadata().name()).stream();
      details.put("notCloudEvents", control.dispatcher().streamStats(stream).notCloudEvents());
    });
    registry.registerDetails(ResourceKind.TRIGGER, (trigger, details) -> triggers.routeOf(trigger.key())
        .ifPresent(route -> TriggerDetails.fill(details, route, control.dispatcher())));
    // A readiness or address changed: the Triggers of the namespace may point at it.
    registry.addDependents(changed -> {
      if (DestinationResolver.isAddressable(changed.kind())) {
        control.requeueTriggersIn(changed.namespace());
      }
    });
    return new TriggerRoutes(triggers, control.dispatcher());
  }
}
