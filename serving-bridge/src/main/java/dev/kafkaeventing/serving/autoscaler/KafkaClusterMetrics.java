package dev.kafkaeventing.serving.autoscaler;

import dev.kafkaeventing.serving.RevisionId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterMetrics} over a Kafka topic (the platform's {@code <instance>.serving-metrics}),
 * shared by every platform instance with the same instance name.
 *
 * <p>Each instance writes its samples (one record per revision per second, keyed by the revision)
 * and reads every partition from its end, so it knows the latest sample of every instance. The
 * owner of a revision is the member of the consumer group {@code <instance>.serving-autoscaler}
 * that Kafka assigns the revision's partition (as PingSources pick theirs); the group's consumer
 * reads nothing (its partitions are paused), it only holds the assignment. The owner writes its
 * decision (total desired replicas and the instances it is split over) to the same key; every
 * instance runs its even share of it. A sample older than {@link #FRESH} (by the writer's clock)
 * no longer counts.
 *
 * <p>Thread-safe. One thread of its own polls both consumers; {@link #close} stops it and leaves
 * the group, so another instance takes the revisions over at once.
 */
public final class KafkaClusterMetrics implements ClusterMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterMetrics.class);
  /** Samples are written every second; two missed ones and the instance no longer counts. */
  static final Duration FRESH = Duration.ofMillis(2500);
  private static final Duration POLL = Duration.ofMillis(100);

  private record Stamped(long at, Sample sample) {}

  private record Decision(long at, int desired, int instances) {}

  private final String topic;
  private final Clock clock;
  private final String member = UUID.randomUUID().toString();
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> reader;
  private final KafkaConsumer<String, String> group;
  private final int partitions;
  private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
  private final Map<RevisionId, Map<String, Stamped>> samples = new ConcurrentHashMap<>();
  private final Map<RevisionId, Decision> decisions = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  /** The reader failed: this instance decides every revision on what it sees (as a single instance). */
  private volatile boolean alone;

  /**
   * @param topic an existing topic; its partitions spread the revisions over the instances
   * @param groupId the group whose assignment names each revision's owner
   */
  public KafkaClusterMetrics(String bootstrapServers, String topic, String groupId, Clock clock) {
    this.topic = topic;
    this.clock = clock;
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000), new StringSerializer(), new StringSerializer());
    this.reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
    this.group = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, groupId, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000),
        new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> all = reader.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    this.partitions = all.size();
    reader.assign(all);
    reader.seekToEnd(all);
    all.forEach(reader::position);
    group.subscribe(List.of(topic), new Ownership());
    this.thread = new Thread(this::run, "serving-metrics");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  @Override
  public void publish(RevisionId revision, Sample own) {
    send(revision, "S " + member + " " + clock.millis() + " " + own.concurrency() + " " + own.rps() + " "
        + own.pending() + " " + own.ready());
  }

  @Override
  public boolean owns(RevisionId revision) {
    return alone || owned.contains(partitionOf(revision));
  }

  @Override
  public Sample total(RevisionId revision, Sample own) {
    Sample total = own;
    long oldest = clock.millis() - FRESH.toMillis();
    for (Map.Entry<String, Stamped> other : samples.getOrDefault(revision, Map.of()).entrySet()) {
      if (other.getValue().at() >= oldest) {
        total = total.plus(other.getValue().sample());
      }
    }
    return total;
  }

  @Override
  public void publishDecision(RevisionId revision, int desired, int instances) {
    long at = clock.millis();
    decisions.put(revision, new Decision(at, desired, instances));
    send(revision, "D " + member + " " + at + " " + desired + " " + instances);
  }

  @Override
  public Optional<Share> share(RevisionId revision) {
    Decision decision = decisions.get(revision);
    return decision == null ? Optional.empty() : Optional.of(new Share(
        ClusterMetrics.share(decision.desired(), decision.instances()), Instant.ofEpochMilli(decision.at())));
  }

  private void send(RevisionId revision, String value) {
    producer.send(new ProducerRecord<>(topic, partitionOf(revision), revision.toString(), value), (meta, e) -> {
      if (e != null) {
        LOG.debug("Serving metrics of {} not written: {}", revision, e.toString());
      }
    });
  }

  private int partitionOf(RevisionId revision) {
    return Utils.toPositive(Utils.murmur2(revision.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, String> record : reader.poll(POLL)) {
          read(record);
        }
        group.poll(Duration.ZERO);
      }
    } catch (WakeupException e) {
      // close() stops the loop
    } catch (RuntimeException e) {
      LOG.error("Serving metrics reader stopped; this instance scales every revision on its own samples", e);
      alone = true;
    } finally {
      group.close(Duration.ofSeconds(5));
      reader.close(Duration.ofSeconds(5));
    }
  }

  private void read(ConsumerRecord<String, String> record) {
    String[] fields = record.value() == null ? new String[0] : record.value().split(" ");
    int slash = record.key() == null ? -1 : record.key().indexOf('/');
    if (fields.length < 3 || slash < 0 || fields[1].equals(member)) {
      return;
    }
    RevisionId revision = new RevisionId(record.key().substring(0, slash), record.key().substring(slash + 1));
    try {
      if (fields[0].equals("S") && fields.length == 7) {
        samples.computeIfAbsent(revision, r -> new ConcurrentHashMap<>()).put(fields[1],
            new Stamped(Long.parseLong(fields[2]), new Sample(Double.parseDouble(fields[3]),
                Double.parseDouble(fields[4]), Long.parseLong(fields[5]), Integer.parseInt(fields[6]), 1)));
      } else if (fields[0].equals("D") && fields.length == 5) {
        decisions.put(revision, new Decision(Long.parseLong(fields[2]), Integer.parseInt(fields[3]),
            Integer.parseInt(fields[4])));
      }
    } catch (NumberFormatException e) {
      LOG.debug("Unreadable serving metrics record at {}-{}@{}", record.topic(), record.partition(), record.offset());
    }
  }

  @Override
  public void close() {
    running = false;
    reader.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(2));
  }

  /** Pauses what the group assigns (its records are read by the reader) and notes the owned partitions. */
  private final class Ownership implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      group.pause(assigned);
      Set<Integer> now = new HashSet<>();
      assigned.forEach(p -> now.add(p.partition()));
      owned.addAll(now);
      LOG.info("Serving autoscaler owns partitions {} of {}", now, topic);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      revoked.forEach(p -> owned.remove(p.partition()));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      onPartitionsRevoked(lost);
    }
  }
}
