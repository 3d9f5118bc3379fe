package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.crds.BrokerSpec;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.internal.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The keys of a Broker's ConfigMap ({@code spec.config}) that Knative's Kafka broker honours, and
 * so do we: {@code default.topic.partitions}, {@code default.topic.replication.factor}, {@code
 * default.topic.config.<topic config>} and {@code bootstrap.servers}. Any other key is ignored with
 * a warning, on {@code apply} and in {@code describe}. Stateless.
 */
final class BrokerConfigKeys {

  static final String PARTITIONS = "default.topic.partitions";
  static final String REPLICATION = "default.topic.replication.factor";
  static final String TOPIC_CONFIG_PREFIX = "default.topic.config.";
  static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  /** Knative's name for a Broker's ConfigMap, in {@code knative-eventing} and often elsewhere. */
  static final String KNATIVE_CONFIG_NAME = "kafka-broker-config";
  private static final List<String> KNOWN = List.of(PARTITIONS, REPLICATION, BOOTSTRAP_SERVERS);
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

  private BrokerConfigKeys() {}

  /** The topic configs of {@code default.topic.config.*}, by topic config name. */
  static Map<String, String> topicConfigs(Map<String, String> data) {
    Map<String, String> configs = new TreeMap<>();
    data.forEach((key, value) -> {
      if (key.startsWith(TOPIC_CONFIG_PREFIX) && key.length() > TOPIC_CONFIG_PREFIX.length()) {
        configs.put(key.substring(TOPIC_CONFIG_PREFIX.length()), value);
      }
    });
    return configs;
  }

  /**
   * Whether {@code configured} (a {@code bootstrap.servers} value) names the platform's own
   * cluster: it lists at least one of the platform's servers (host case and loopback spelling
   * aside). A blank value names no other cluster.
   */
  static boolean namesOwnCluster(String configured, String platformServers) {
    if (configured == null || configured.isBlank()) {
      return true;
    }
    Set<String> own = servers(platformServers);
    return servers(configured).stream().anyMatch(own::contains);
  }

  private static Set<String> servers(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(BrokerConfigKeys::normalize)
        .collect(Collectors.toSet());
  }

  private static String normalize(String server) {
    int colon = server.lastIndexOf(':');
    String host = (colon < 0 ? server : server.substring(0, colon)).toLowerCase(Locale.ROOT);
    String port = colon < 0 ? "" : server.substring(colon);
    return (LOOPBACK.contains(host) ? "loopback" : host) + port;
  }

  /** One warning per key of a Broker's ConfigMap that no Broker honours, naming the ConfigMap. */
  static List<String> warnings(ResourceKey configMap, Map<String, String> data) {
    List<String> warnings = new ArrayList<>();
    for (String key : data.keySet()) {
      if (KNOWN.contains(key) || (key.startsWith(TOPIC_CONFIG_PREFIX) && key.length() > TOPIC_CONFIG_PREFIX.length())) {
        continue;
      }
      String hint = Suggestions.closest(key, KNOWN).map(s -> " (did you mean " + s + "?)").orElse("");
      warnings.add("ConfigMap " + configMap.namespace() + "/" + configMap.name() + ": key " + key
          + " is ignored: a Kafka Broker reads only " + String.join(", ", KNOWN) + " and " + TOPIC_CONFIG_PREFIX
          + "<topic config>" + hint);
    }
    return warnings;
  }

  /** The key of the ConfigMap a Broker names in {@code spec.config}, if it names one. */
  static Optional<ResourceKey> configMapOf(Resource broker) {
    BrokerSpec spec = BrokerSpec.from(broker);
    if (spec.config() == null) {
      return Optional.empty();
    }
    return Optional.of(new ResourceKey(ResourceKind.CONFIG_MAP,
        spec.config().namespaceOr(broker.metadata().namespace()), spec.config().name()));
  }
}
