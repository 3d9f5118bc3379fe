package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;

/**
 * ConfigMaps configure Brokers ({@code spec.config}, often in another namespace, as Knative's
 * {@code knative-eventing/kafka-broker-config}): a changed or deleted ConfigMap requeues every
 * Broker. (An existing topic keeps its partitions, as Kafka cannot shrink them; its {@code
 * default.topic.config.*} configs follow the ConfigMap.)
 */
final class ConfigMapReconciler implements Reconciler {

  private final BrokerControl controlPlane;

  ConfigMapReconciler(BrokerControl controlPlane) {
    this.controlPlane = controlPlane;
  }

  @Override
  public void reconcile(Resource configMap) {
    controlPlane.requeueBrokersIn(null);
  }

  @Override
  public void deleted(ResourceKey key) {
    controlPlane.requeueBrokersIn(null);
  }
}
