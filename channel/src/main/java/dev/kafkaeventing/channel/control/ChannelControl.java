package dev.kafkaeventing.channel.control;

import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.DerivedKafkaNames;
import dev.kafkaeventing.core.control.ReconcilerContext;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.dispatcher.DispatcherControl;
import dev.kafkaeventing.ingress.ReceiverRouteTable;
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
    KafkaTopics topics, DerivedKafkaNames names, ChannelSettings config, String ingressUrl)
    implements ReconcilerContext {

  public ChannelControl {
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(routes, "routes");
  }
}
