package dev.kafkaeventing.platform.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.platform.PlatformConfig;
import java.time.Clock;
import java.util.List;

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

  /**
   * Deletes a stream application's consumer group and internal topics, by exact name: a prefix
   * would also match the topics of an application id that starts with this one.
   */
  void deleteInternalTopics(String applicationId, List<String> topics);

  /**
   * Whether a stored Broker or channel still derives this Kafka name (a topic, or else a consumer
   * group / application id); such a name is never deleted with another resource.
   */
  boolean derivedNameInUse(String name, boolean topic);
}
