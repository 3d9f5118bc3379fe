package dev.kafkaeventing.dispatcher;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.dispatcher.internal.DispatchTiming;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings of a stream topology. Stateless. */
final class StreamsSettings {

  private StreamsSettings() {}

  /**
   * @param processId this process' stable id: the static group membership that lets a restarted
   *     instance (also after {@code kill -9}) take its partitions back without waiting for its old
   *     session to expire
   */
  static Properties of(DispatcherConfig config, String applicationId, String processId) {
    return of(config, applicationId, processId, false);
  }

  /**
   * @param readCommitted read only committed records: a source's stream, whose writer may abort a
   *     transaction when another instance fences it
   */
  static Properties of(DispatcherConfig config, String applicationId, String processId, boolean readCommitted) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.putAll(config.clientProperties());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    // Completions and backlogs are taken in by a wall-clock punctuator, which runs only between
    // polls: with Streams' default poll.ms (100 ms) an idle topic held a backlogged route to one
    // window per 100 ms, and an ordered lane to one event per 100 ms.
    props.put(StreamsConfig.POLL_MS_CONFIG, DispatchTiming.DRAIN_INTERVAL.toMillis());
    // The stream and directed topics need no joint timestamp order: never wait for one of them.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // No global state here; set only to silence Kafka's warning about a future default. The
    // partition assignor reads its StreamsConfig from the main consumer's configs, which carry
    // only prefixed Streams settings: without the second line each stream logged the warning.
    props.put("processing.exception.handler.global.enabled", true);
    props.put(StreamsConfig.mainConsumerPrefix("processing.exception.handler.global.enabled"), true);
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), processId);
    // A crashed instance that does not come back stays in the group until its session expires;
    // the consumer default (45 s) stalled delivery for as long.
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    props.putAll(config.extraStreamsConfig());
    if (readCommitted) {
      props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    }
    return props;
  }

  /** The same settings with every client on {@code cluster} (a stream reading another cluster). */
  private static final java.util.regex.Pattern SECURITY =
      java.util.regex.Pattern.compile("^(.*\\.)?(security\\.protocol|sasl\\..*|ssl\\..*)$");

  static Properties on(KafkaCluster cluster, Properties settings) {
    Properties props = new Properties();
    props.putAll(settings);
    // The dispatcher's own cluster's security is not another cluster's.
    props.keySet().removeIf(key -> SECURITY.matcher(key.toString()).find());
    props.putAll(cluster.clientProperties());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    return props;
  }
}
