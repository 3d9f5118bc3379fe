package dev.kafkaeventing.sources.ping;

import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.dispatcher.DispatcherControl;
import java.time.Duration;
import java.util.Objects;

/**
 * What the PingSource reconciler needs, and nothing more. Immutable; its parts are thread-safe.
 *
 * @param ports the repository, status port and requeue every reconciler has
 * @param dispatcher delivers the ticks from the ping stream to each source's sink
 * @param topics creates the ping topics
 * @param bootstrapServers the platform's Kafka, for the scheduler's own clients
 * @param instanceName names the topics {@code <instance>.ping}, {@code <instance>.ping-ticks} and
 *     the group {@code <instance>.ping-scheduler}
 * @param partitions partitions of the ping topics (also how finely sources spread over instances)
 * @param replicationFactor replication of the ping topics
 * @param catchUp how late a tick missed while the platform was down is still sent
 */
public record PingSourceControl(ControlPorts ports, DispatcherControl dispatcher, KafkaTopics topics,
    String bootstrapServers, String instanceName, int partitions, short replicationFactor, Duration catchUp) {

  /** The default catch-up window: a tick due at most this long ago is sent late, once. */
  public static final Duration DEFAULT_CATCH_UP = Duration.ofMinutes(5);

  public PingSourceControl {
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(catchUp, "catchUp");
  }

  String eventsTopic() {
    return instanceName + ".ping";
  }

  String ticksTopic() {
    return instanceName + ".ping-ticks";
  }

  String schedulerGroup() {
    return instanceName + ".ping-scheduler";
  }
}
