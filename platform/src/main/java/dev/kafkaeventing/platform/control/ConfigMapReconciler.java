package dev.kafkaeventing.platform.control;

import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;

/**
 * ConfigMaps configure Brokers ({@code spec.config}): a changed or deleted ConfigMap requeues the
 * Brokers of its namespace. (An existing topic keeps its partitions: Kafka cannot shrink them.)
 */
final class ConfigMapReconciler implements Reconciler {

  private final ControlPlane controlPlane;

  ConfigMapReconciler(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  @Override
  public void reconcile(Resource configMap) {
    controlPlane.requeueBrokersIn(configMap.metadata().namespace());
  }

  @Override
  public void deleted(ResourceKey key) {
    controlPlane.requeueBrokersIn(key.namespace());
  }
}
