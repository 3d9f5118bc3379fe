package dev.kafkaeventing.platform.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leader among the standalone instances sharing an instance name on one Kafka cluster: the
 * member of the consumer group {@code <instance>.leader} that is assigned partition 0 of the
 * single-partition topic of the same name. Nothing is ever read from or written to the topic; the
 * group coordinator does the electing.
 *
 * <p>Failover: when the leader stops cleanly it leaves the group and another member is assigned
 * the partition at once; when it dies, within the {@code sessionTimeout}. A leader cut off from
 * Kafka learns it lost the partition only when its consumer notices (at the latest a session
 * timeout later), so for that long two instances may both believe they lead; what they write
 * (statuses) is idempotent and rewritten by the next leader.
 *
 * <p>Thread-safe. One daemon thread polls the group; {@code onStartLeading} runs on it.
 * Lifecycle: {@link #start}, then {@link #close} (leaves the group).
 */
public final class KafkaLeaderElection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaLeaderElection.class);
  private static final Duration REJOIN_BACKOFF = Duration.ofSeconds(1);

  private final String bootstrapServers;
  private final String topic;
  private final Duration sessionTimeout;
  private final Runnable onStartLeading;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile boolean leading;

  /**
   * @param name the group and topic, {@code <instance>.leader}
   * @param onStartLeading told each time this instance becomes the leader
   */
  public KafkaLeaderElection(String bootstrapServers, String name, Duration sessionTimeout, Runnable onStartLeading) {
    this.bootstrapServers = bootstrapServers;
    this.topic = name;
    this.sessionTimeout = sessionTimeout;
    this.onStartLeading = onStartLeading;
    this.thread = new Thread(this::run, "leader-election");
    this.thread.setDaemon(true);
  }

  /** Joins the group; the topic must exist (one partition). */
  public void start() {
    thread.start();
  }

  /** Whether this instance leads now. */
  public boolean leading() {
    return leading;
  }

  private void run() {
    while (running.get()) {
      try (KafkaConsumer<byte[], byte[]> group =
          new KafkaConsumer<>(config(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer = group;
        group.subscribe(List.of(topic), new Ownership(group));
        while (running.get()) {
          group.poll(Duration.ofMillis(500));
        }
      } catch (WakeupException e) {
        // close() woke the loop up
      } catch (RuntimeException e) {
        // The group is joined again with a new consumer; until then, nobody here leads.
        step("consumer failed: " + e);
        LOG.warn("Leader election: {}; joining again", e.toString());
        LockSupport.parkNanos(REJOIN_BACKOFF.toNanos());
      } finally {
        step(null);
      }
    }
  }

  private Map<String, Object> config() {
    int sessionMs = (int) sessionTimeout.toMillis();
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, topic,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionMs,
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, sessionMs / 10),
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Math.max(sessionMs, 30_000),
        // Sticky: an instance joining does not take the leadership away; cooperative: the old
        // owner gives partition 0 up before anyone else is assigned it.
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
  }

  /** Stops leading (when it did), logging why; null when the consumer closed. */
  private void step(String why) {
    if (leading) {
      leading = false;
      LOG.info("No longer the leader of {}{}", topic, why == null ? "" : " (" + why + ")");
    }
  }

  /** Leads while partition 0 is assigned; never reads it. */
  private final class Ownership implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> group;

    Ownership(KafkaConsumer<byte[], byte[]> group) {
      this.group = group;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      group.pause(assigned);
      if (!leading && assigned.contains(new TopicPartition(topic, 0))) {
        leading = true;
        LOG.info("Leader of {}: this instance writes statuses", topic);
        try {
          onStartLeading.run();
        } catch (RuntimeException e) {
          LOG.warn("Starting to lead failed: {}", e.toString());
        }
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      if (revoked.contains(new TopicPartition(topic, 0))) {
        step("partition revoked");
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      if (lost.contains(new TopicPartition(topic, 0))) {
        step("partition lost");
      }
    }
  }

  /** Leaves the group (another member leads at once) and stops the thread. */
  @Override
  public void close() {
    running.set(false);
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
