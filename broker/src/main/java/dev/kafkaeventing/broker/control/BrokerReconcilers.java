package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.broker.BrokerId;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.ConfigMapData;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.dispatcher.StreamId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The broker module's contribution to the control plane: reconcilers of Brokers, Triggers and the
 * ConfigMaps that configure Brokers, Knative's stock ConfigMaps, warnings on {@code apply} about
 * ConfigMap keys a Broker ignores, what {@code describe} shows of a Broker (its topic, those
 * warnings) and a
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
    registry.addDefaults(KnativeConfigMaps.defaults(control.config().bootstrapServers()));
    registry.addApplyWarnings((declared, lookup) -> applyWarnings(declared, lookup, control));
    registry.registerDetails(ResourceKind.BROKER, (broker, details) -> {
      List<String> warnings = brokers.configWarnings(broker);
      if (!warnings.isEmpty()) {
        warnings.forEach(details.putArray("configWarnings")::add);
      }
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

  /**
   * Keys a Broker ignores, warned about when the Broker naming the ConfigMap is applied, or the
   * ConfigMap when a stored Broker names it or it has Knative's name {@code kafka-broker-config}.
   * (Other ConfigMaps hold other settings: their keys are not a Broker's to judge.)
   */
  private static List<String> applyWarnings(List<Resource> declared, Function<ResourceKey, Optional<Resource>> lookup,
      BrokerControl control) {
    Set<ResourceKey> configMaps = new LinkedHashSet<>();
    Set<ResourceKey> named = null;
    for (Resource resource : declared) {
      if (resource.resourceKind() == ResourceKind.BROKER) {
        BrokerConfigKeys.configMapOf(resource).ifPresent(configMaps::add);
      } else if (resource.resourceKind() == ResourceKind.CONFIG_MAP) {
        if (named == null) {
          named = new HashSet<>();
          for (Resource broker : control.repository().list(ResourceKind.BROKER, null)) {
            BrokerConfigKeys.configMapOf(broker).ifPresent(named::add);
          }
        }
        if (resource.metadata().name().equals(BrokerConfigKeys.KNATIVE_CONFIG_NAME) || named.contains(resource.key())) {
          configMaps.add(resource.key());
        }
      }
    }
    List<String> warnings = new ArrayList<>();
    for (ResourceKey key : configMaps) {
      lookup.apply(key).ifPresent(cm -> warnings.addAll(BrokerConfigKeys.warnings(key, ConfigMapData.from(cm).data())));
    }
    return warnings;
  }
}
