package dev.kafkaeventing.platform.kafka;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how an {@link EmbeddedKafka} broker runs: its data directory and its two listeners.
 *
 * <p>A port of {@code 0} means "pick a free port" (at each start).
 *
 * @param dataDir directory holding the broker's logs, metadata and cluster id; created if missing
 * @param host interface both listeners bind to, and the address clients are told to use
 * @param brokerPort port of the client listener ({@code PLAINTEXT}), or 0 for a free one
 * @param controllerPort port of the KRaft controller listener, or 0 for a free one
 */
public record EmbeddedKafkaConfig(Path dataDir, String host, int brokerPort, int controllerPort) {

  /** Default interface: the loopback, so an embedded broker is never reachable from outside. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Default client port. */
  public static final int DEFAULT_BROKER_PORT = 9092;
  /** Default controller port. */
  public static final int DEFAULT_CONTROLLER_PORT = 9093;

  public EmbeddedKafkaConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    checkPort("brokerPort", brokerPort);
    checkPort("controllerPort", controllerPort);
    if (brokerPort != 0 && brokerPort == controllerPort) {
      throw new IllegalArgumentException(
          "brokerPort and controllerPort must differ, both are " + brokerPort);
    }
  }

  /** The defaults of the {@code up} command: loopback, ports 9092 and 9093. */
  public static EmbeddedKafkaConfig defaults(Path dataDir) {
    return new EmbeddedKafkaConfig(dataDir, DEFAULT_HOST, DEFAULT_BROKER_PORT, DEFAULT_CONTROLLER_PORT);
  }

  /** Loopback with free ports: what tests use. */
  public static EmbeddedKafkaConfig withFreePorts(Path dataDir) {
    return new EmbeddedKafkaConfig(dataDir, DEFAULT_HOST, 0, 0);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + port);
    }
  }
}
