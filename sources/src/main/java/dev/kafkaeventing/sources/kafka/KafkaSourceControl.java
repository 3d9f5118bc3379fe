package dev.kafkaeventing.sources.kafka;

import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.DerivedKafkaNames;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.dispatcher.DispatcherControl;
import dev.kafkaeventing.ingress.ReceiverRouteTable;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the KafkaSource and KafkaSink reconcilers need, and nothing more. Immutable; its parts are
 * thread-safe.
 *
 * @param ports the repository, status port and requeue every reconciler has
 * @param dispatcher runs a KafkaSource's stream and its one route
 * @param routes the receiver's paths, one per ready KafkaSink
 * @param topics KafkaSink topics, KafkaSource topics' existence and lag
 * @param names whether a deleted source's Kafka names are still used elsewhere
 * @param bootstrapServers the platform's Kafka cluster ({@code host:port,...}): the one the
 *     dispatcher reads and the receiver writes
 * @param ingressUrl base URL of the receiver, e.g. {@code http://127.0.0.1:8080}
 * @param defaultPartitions partitions of a KafkaSink topic without {@code numPartitions}
 * @param defaultReplication replication of a KafkaSink topic without {@code replicationFactor}
 *     ({@code -1}: the cluster's default)
 */
public record KafkaSourceControl(ControlPorts ports, DispatcherControl dispatcher, ReceiverRouteTable routes,
    KafkaTopics topics, DerivedKafkaNames names, String bootstrapServers, String ingressUrl, int defaultPartitions,
    short defaultReplication) {

  public KafkaSourceControl {
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
  }

  /**
   * Whether {@code servers} name the platform's own cluster: one of them is one of its bootstrap
   * addresses. Other clusters are not served (see the README).
   */
  public boolean isPlatformCluster(Collection<String> servers) {
    Set<String> own = Arrays.stream(bootstrapServers.split(",")).map(String::trim).collect(Collectors.toSet());
    return servers.stream().flatMap(s -> Arrays.stream(s.split(","))).map(String::trim).anyMatch(own::contains);
  }
}
