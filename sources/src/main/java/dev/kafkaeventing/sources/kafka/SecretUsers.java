package dev.kafkaeventing.sources.kafka;

import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.List;

/**
 * Reconciles Secrets by reconciling their users again: the KafkaSources and KafkaSinks of the
 * Secret's namespace (a changed password or certificate opens new clients; a deleted Secret makes
 * its users {@code Ready=False}). A Secret has no status. Stateless.
 */
final class SecretUsers implements Reconciler {

  private final KafkaSourceControl control;

  SecretUsers(KafkaSourceControl control) {
    this.control = control;
  }

  @Override
  public void reconcile(Resource secret) {
    requeueUsers(secret.key());
  }

  @Override
  public void deleted(ResourceKey key) {
    requeueUsers(key);
  }

  private void requeueUsers(ResourceKey secret) {
    for (ResourceKind kind : List.of(ResourceKind.KAFKA_SOURCE, ResourceKind.KAFKA_SINK)) {
      control.ports().repository().list(kind, secret.namespace())
          .forEach(user -> control.ports().requeue(user.key()));
    }
  }
}
