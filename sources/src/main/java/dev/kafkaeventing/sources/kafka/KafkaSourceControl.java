package dev.kafkaeventing.sources.kafka;

import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.DerivedKafkaNames;
import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.SecretData;
import dev.kafkaeventing.dispatcher.DispatcherControl;
import dev.kafkaeventing.ingress.ReceiverRouteTable;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * @param clusters the shared clients of other clusters (KafkaSinks' producers, topic checks)
 */
public record KafkaSourceControl(ControlPorts ports, DispatcherControl dispatcher, ReceiverRouteTable routes,
    KafkaTopics topics, DerivedKafkaNames names, String bootstrapServers, String ingressUrl, int defaultPartitions,
    short defaultReplication, ExternalClusters clusters) {

  public KafkaSourceControl {
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(clusters, "clusters");
  }

  /**
   * The cluster {@code servers} and {@code security} (from {@link KafkaNetSettings}) name; empty for
   * the platform's own: one of its addresses and no security settings of the resource's own.
   */
  public Optional<KafkaCluster> externalCluster(List<String> servers, Map<String, String> security) {
    if (security.isEmpty() && isPlatformCluster(servers)) {
      return Optional.empty();
    }
    return Optional.of(new KafkaCluster(String.join(",", servers), security));
  }

  /** The Secrets of {@code namespace}, read from the resource store. */
  public KafkaNetSettings.Secrets secrets(String namespace) {
    return name -> ports.repository().get(new ResourceKey(ResourceKind.SECRET, namespace, name))
        .map(SecretData::from);
  }

  /**
   * Whether {@code servers} name the platform's own cluster: one of them is one of its bootstrap
   * addresses.
   */
  public boolean isPlatformCluster(Collection<String> servers) {
    Set<String> own = Arrays.stream(bootstrapServers.split(",")).map(String::trim).collect(Collectors.toSet());
    return servers.stream().flatMap(s -> Arrays.stream(s.split(","))).map(String::trim).anyMatch(own::contains);
  }
}
