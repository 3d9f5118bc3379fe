package dev.kafkaeventing.platform.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.platform.PlatformConfig;
import java.time.Clock;

/** What reconcilers share: the stores, the dispatcher, and the ways to requeue work. */
interface ControlContext {

  PlatformConfig config();

  Clock clock();

  ResourceRepository repository();

  KafkaTopics topics();

  /** The one dispatcher: Brokers' and channels' topologies, their Triggers and Subscriptions. */
  Dispatcher dispatcher();

  IngressRouteTable routes();

  DestinationResolver resolver();

  /** Base URL of the ingress, e.g. {@code http://127.0.0.1:8080}. */
  String ingressUrl();

  /** Writes a status unless it equals the resource's current one. */
  void writeStatus(Resource resource, ObjectNode status);

  /** Reconcile this resource again (soon, on the reconcile thread). */
  void requeue(ResourceKey key);

  /** Reconcile the resources that may depend on this one (e.g. the Triggers of a Broker). */
  void requeueDependents(Resource resource);

  void requeueTriggersIn(String namespace);

  /** Deletes the internal topics (changelogs) of a stream application. */
  void deleteInternalTopics(String applicationId);
}
