package dev.kafkaeventing.sources.apiserver;

import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.dispatcher.DispatcherControl;
import java.util.Objects;

/**
 * What the ApiServerSource reconciler needs, and nothing more. Immutable; its parts are thread-safe.
 *
 * @param ports the repository, status port and requeue every reconciler has
 * @param dispatcher delivers each source's events from its topic to its sink
 * @param topics creates and deletes the sources' topics
 * @param bootstrapServers the platform's Kafka, for the producer writing the events
 * @param instanceName names each source's topic {@code <instance>.apiserversource.<ns>.<name>}
 * @param partitions partitions of those topics
 * @param replicationFactor replication of those topics
 * @param watches the API server; null standalone, where ApiServerSources are refused
 */
public record ApiServerSourceControl(ControlPorts ports, DispatcherControl dispatcher, KafkaTopics topics,
    String bootstrapServers, String instanceName, int partitions, short replicationFactor,
    ApiServerWatches watches) {

  public ApiServerSourceControl {
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(instanceName, "instanceName");
  }

  String topic(String namespace, String name) {
    return instanceName + ".apiserversource." + namespace + "." + name;
  }
}
