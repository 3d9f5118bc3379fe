package dev.kafkaeventing.core.kafka;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Kafka cluster as a client reaches it: its bootstrap servers and the client properties that
 * secure the connection ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}). Two values are
 * equal when they would open the same connections, so clients can be shared per value. Immutable.
 *
 * @param bootstrapServers {@code host:port,...}, normalised (trimmed, sorted)
 * @param clientProperties never null; added to every client opened on this cluster
 */
public record KafkaCluster(String bootstrapServers, Map<String, String> clientProperties) {

  public KafkaCluster {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    bootstrapServers = Arrays.stream(bootstrapServers.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .sorted().distinct().collect(Collectors.joining(","));
    if (bootstrapServers.isEmpty()) {
      throw new IllegalArgumentException("bootstrapServers must name at least one host:port");
    }
    clientProperties = clientProperties == null ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(clientProperties));
  }

  /** {@code base} with this cluster's bootstrap servers and client properties over it. */
  public Map<String, Object> clientConfig(Map<String, Object> base) {
    Map<String, Object> config = new HashMap<>(base);
    config.putAll(clientProperties);
    config.put("bootstrap.servers", bootstrapServers);
    return config;
  }

  /** The bootstrap servers only: secrets in the properties are never shown. */
  @Override
  public String toString() {
    return bootstrapServers + (clientProperties.isEmpty() ? ""
        : " (" + clientProperties.getOrDefault("security.protocol", "PLAINTEXT") + ")");
  }
}
