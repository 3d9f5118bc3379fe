package dev.kafkaeventing.channel.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.DerivedKafkaNames;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.dispatcher.DispatcherControl;
import dev.kafkaeventing.ingress.ReceiverRouteTable;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What the channel and Subscription reconcilers need, and nothing more. Immutable; its parts are
 * thread-safe.
 *
 * @param ports the repository, status port and requeue every reconciler has
 * @param dispatcher the dispatcher's streams (one per channel topic) and routes (one per Subscription)
 * @param routes the receiver's paths, one per ready channel
 * @param topics channel topics; used only by the KafkaChannel reconciler and {@code describe}
 * @param names whether a deleted channel's Kafka names are still used elsewhere
 * @param config default partitions and replication of channel topics
 * @param ingressUrl base URL of the receiver, e.g. {@code http://127.0.0.1:8080}
 */
public record ChannelControl(ControlPorts ports, DispatcherControl dispatcher, ReceiverRouteTable routes,
    KafkaTopics topics, DerivedKafkaNames names, ChannelSettings config, String ingressUrl) {

  public ChannelControl {
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(routes, "routes");
  }

  Clock clock() {
    return ports.clock();
  }

  ResourceRepository repository() {
    return ports.repository();
  }

  DestinationResolver resolver() {
    return ports.resolver();
  }

  void writeStatus(Resource resource, ObjectNode status) {
    ports.writeStatus(resource, status);
  }

  void requeue(ResourceKey key) {
    ports.requeue(key);
  }

  boolean derivedNameInUse(String name, boolean topic) {
    return names.derivedNameInUse(name, topic);
  }

  void deleteInternalTopics(String applicationId, List<String> internalTopics) {
    names.deleteInternalTopics(applicationId, internalTopics);
  }
}
