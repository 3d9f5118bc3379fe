package dev.kafkaeventing.core.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import java.time.Clock;
import java.util.List;

/**
 * The ports every data-plane reconciler context shares (a Broker's, a channel's): the control
 * ports and the check on derived Kafka names, reached directly. Each module's context record adds
 * what only its reconcilers need.
 */
public interface ReconcilerContext {

  ControlPorts ports();

  DerivedKafkaNames names();

  default Clock clock() {
    return ports().clock();
  }

  default ResourceRepository repository() {
    return ports().repository();
  }

  default DestinationResolver resolver() {
    return ports().resolver();
  }

  /** Writes a status unless it equals the resource's current one. */
  default void writeStatus(Resource resource, ObjectNode status) {
    ports().writeStatus(resource, status);
  }

  /** Reconcile this resource again (soon, on the reconcile thread). */
  default void requeue(ResourceKey key) {
    ports().requeue(key);
  }

  /** Whether a deleted resource's topic (or application id) is still used by another resource. */
  default boolean derivedNameInUse(String name, boolean topic) {
    return names().derivedNameInUse(name, topic);
  }

  default void deleteInternalTopics(String applicationId, List<String> internalTopics) {
    names().deleteInternalTopics(applicationId, internalTopics);
  }
}
