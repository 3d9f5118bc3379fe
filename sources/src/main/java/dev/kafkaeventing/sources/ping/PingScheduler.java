package dev.kafkaeventing.sources.ping;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.tracing.Tracing;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each PingSource's ticks exactly once across every instance that shares the Kafka cluster
 * and instance name, and across restarts.
 *
 * <p>Ownership: each source's key ({@code ns/name}) hashes to a partition of the compacted ticks
 * topic; the instance the consumer group {@code <instance>.ping-scheduler} assigns that partition
 * owns the sources on it. Fencing: the owner of partition {@code p} writes through a
 * transactional producer with id {@code <instance>.ping-scheduler-<p>}, so taking a partition
 * fences its previous owner's producer and aborts its open transaction. Each tick is one
 * transaction: the event into the events topic (read by the dispatcher, which delivers it) and the
 * source's last tick into the ticks topic. A new owner reads the last ticks (read_committed) and
 * resumes after them: ticks due while no one owned the source are sent late, once, if they are at
 * most the catch-up window old; older ones are skipped with an INFO log.
 *
 * <p>Thread-safe: {@link #upsert} and {@link #remove} may be called from any thread; one thread
 * of its own polls the group and sends the ticks. Lifecycle: {@link #start()}, then {@link
 * #close()} (leaves the group, so another instance takes over at once).
 */
public final class PingScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PingScheduler.class);
  /** The longest the loop sleeps: how soon a new or changed source is looked at. */
  private static final long MAX_WAIT_MS = 200;

  /**
   * @param bootstrapServers the platform's Kafka
   * @param eventsTopic where tick events go (the dispatcher's ping stream)
   * @param ticksTopic compacted: the last tick per source; its partitions decide the owners
   * @param groupId the consumer group that assigns the ticks topic's partitions
   * @param catchUp how late a tick may still be sent after the platform was down
   * @param clientProperties Kafka client properties (security) of the platform's cluster
   */
  public record Settings(String bootstrapServers, String eventsTopic, String ticksTopic, String groupId,
      Duration catchUp, Map<String, String> clientProperties) {
    public Settings {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(catchUp, "catchUp");
      clientProperties = Map.copyOf(clientProperties);
    }

    public Settings(String bootstrapServers, String eventsTopic, String ticksTopic, String groupId, Duration catchUp) {
      this(bootstrapServers, eventsTopic, ticksTopic, groupId, catchUp, Map.of());
    }

    /** {@code base} on the platform's cluster, with its client properties. */
    Map<String, Object> clientConfig(Map<String, Object> base) {
      return new KafkaCluster(bootstrapServers, clientProperties).clientConfig(base);
    }
  }

  private final Settings settings;
  private final Clock clock;
  private final Tracing tracing;
  private final Map<String, PingJob> jobs = new ConcurrentHashMap<>();
  /** The partitions this instance owns; touched only on the scheduler thread. */
  private final Map<Integer, OwnedPartition> owned = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private int partitions;

  public PingScheduler(Settings settings, Clock clock) {
    this(settings, clock, Tracing.OFF);
  }

  /** With a {@code send pingsource} span per tick, the root of the tick's trace. */
  public PingScheduler(Settings settings, Clock clock, Tracing tracing) {
    this.settings = settings;
    this.clock = clock;
    this.tracing = tracing;
    this.thread = new Thread(this::run, "ping-scheduler");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public void upsert(PingJob job) {
    jobs.merge(job.key(), job, PingJob::changedTo);
  }

  public void remove(String key) {
    jobs.remove(key);
  }

  private void run() {
    try (KafkaConsumer<byte[], byte[]> group = new KafkaConsumer<>(groupConfig(),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = group;
      partitions = group.partitionsFor(settings.ticksTopic()).size();
      group.subscribe(List.of(settings.ticksTopic()), new Ownership(group));
      while (running) {
        long waitMs = sendDueTicks();
        try {
          group.poll(Duration.ofMillis(Math.max(0, Math.min(MAX_WAIT_MS, waitMs))));
        } catch (WakeupException e) {
          // close() woke the loop up
        }
      }
    } catch (RuntimeException e) {
      LOG.error("PingSource scheduler stopped", e);
    } finally {
      owned.values().forEach(OwnedPartition::close);
      owned.clear();
    }
  }

  /** Sends every due tick of the owned sources. @return milliseconds until the next tick */
  private long sendDueTicks() {
    Instant now = clock.instant();
    long wait = MAX_WAIT_MS;
    Map<Integer, List<PingJob>> byPartition = new HashMap<>();
    for (PingJob job : jobs.values()) {
      int p = partitionOf(job.key());
      if (owned.containsKey(p)) {
        byPartition.computeIfAbsent(p, x -> new ArrayList<>()).add(job);
      }
    }
    for (Map.Entry<Integer, List<PingJob>> entry : byPartition.entrySet()) {
      OwnedPartition partition = owned.get(entry.getKey());
      if (!partition.ensureLoaded()) {
        owned.remove(entry.getKey());
        continue;
      }
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      Map<String, TickState> updates = new HashMap<>();
      for (PingJob job : entry.getValue()) {
        wait = Math.min(wait, dueTicks(job, partition.last.get(job.key()), now, records, updates));
      }
      if (!updates.isEmpty() && !partition.send(records, updates)) {
        owned.remove(entry.getKey());
      }
    }
    return wait;
  }

  /** Adds the job's due ticks to {@code records}. @return milliseconds until its next tick */
  private long dueTicks(PingJob job, TickState state, Instant now, List<ProducerRecord<byte[], byte[]>> records,
      Map<String, TickState> updates) {
    Instant last = state != null && state.uid().equals(job.uid()) ? state.lastTick() : null;
    boolean changed = last == null;
    if (last == null) {
      last = job.since();
    }
    if (job.notBefore() != null && last.isBefore(job.notBefore())) {
      last = job.notBefore();
      changed = true;
    }
    Instant oldest = now.minus(settings.catchUp());
    if (last.isBefore(oldest) && job.schedule().nextAfter(last).filter(t -> t.isBefore(oldest)).isPresent()) {
      LOG.info("PingSource {}: skipped the ticks due between {} and {}: more than the catch-up window ({}) ago",
          job.key(), last, oldest, settings.catchUp());
      last = oldest;
      changed = true;
    }
    Instant next = job.schedule().nextAfter(last).orElse(null);
    while (next != null && !next.isAfter(now)) {
      if (Duration.between(next, now).toMillis() > 1000) {
        LOG.info("PingSource {}: sending the tick of {} late", job.key(), next);
      }
      ProducerRecord<byte[], byte[]> event = CloudEventKafkaCodec.toRecord(settings.eventsTopic(), traced(job, next));
      records.add(new ProducerRecord<>(settings.eventsTopic(), null, null,
          job.key().getBytes(StandardCharsets.UTF_8), event.value(), event.headers()));
      last = next;
      changed = true;
      next = job.schedule().nextAfter(last).orElse(null);
    }
    if (changed) {
      updates.put(job.key(), new TickState(job.uid(), last));
    }
    return next == null ? MAX_WAIT_MS : Duration.between(now, next).toMillis();
  }

  /** The tick's event, carrying its send span's trace context when tracing is on. */
  private CloudEvent traced(PingJob job, Instant tick) {
    CloudEvent event = job.event(tick);
    if (!tracing.enabled()) {
      return event;
    }
    Span send = tracing.sourceSend("pingsource", job.key(), event);
    CloudEvent carried = tracing.carry(send, event);
    tracing.end(send, null);
    return carried;
  }

  private int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private Map<String, Object> groupConfig() {
    return settings.clientConfig(Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000));
  }

  /** Takes partitions as the group assigns them; never reads them through the group consumer. */
  private final class Ownership implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> group;

    Ownership(KafkaConsumer<byte[], byte[]> group) {
      this.group = group;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      group.pause(assigned);
      assigned.forEach(tp -> owned.computeIfAbsent(tp.partition(), OwnedPartition::new));
      LOG.debug("PingSource scheduler owns partitions {}", owned.keySet());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      revoked.forEach(tp -> {
        OwnedPartition partition = owned.remove(tp.partition());
        if (partition != null) {
          partition.close();
        }
      });
    }
  }

  /**
   * A partition of the ticks topic this instance owns. Loaded lazily (when a source hashes to it):
   * its transactional producer fences the previous owner, then its last ticks are read.
   */
  private final class OwnedPartition {
    private final int partition;
    private final Map<String, TickState> last = new HashMap<>();
    private KafkaProducer<byte[], byte[]> producer;

    OwnedPartition(int partition) {
      this.partition = partition;
    }

    /** @return false when the partition cannot be taken (it is dropped until the next assignment) */
    boolean ensureLoaded() {
      if (producer != null) {
        return true;
      }
      try {
        producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        readLastTicks();
        return true;
      } catch (KafkaException e) {
        LOG.warn("PingSource scheduler could not take partition {}: {}", partition, e.getMessage());
        close();
        return false;
      }
    }

    private void readLastTicks() {
      TopicPartition tp = new TopicPartition(settings.ticksTopic(), partition);
      Map<String, Object> config = settings.clientConfig(Map.of(
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
      try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
          new ByteArrayDeserializer())) {
        reader.assign(List.of(tp));
        reader.seekToBeginning(List.of(tp));
        long end = reader.endOffsets(List.of(tp)).get(tp);
        while (reader.position(tp) < end) {
          for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            TickState state = TickState.fromBytes(record.value());
            if (state == null) {
              last.remove(key);
            } else {
              last.put(key, state);
            }
          }
        }
      }
    }

    /** One transaction: the ticks' events and the sources' last ticks. @return false when fenced */
    boolean send(List<ProducerRecord<byte[], byte[]>> events, Map<String, TickState> updates) {
      try {
        producer.beginTransaction();
        events.forEach(producer::send);
        updates.forEach((key, state) -> producer.send(new ProducerRecord<>(settings.ticksTopic(), partition,
            key.getBytes(StandardCharsets.UTF_8), state.toBytes())));
        producer.commitTransaction();
        last.putAll(updates);
        return true;
      } catch (ProducerFencedException | InvalidProducerEpochException e) {
        LOG.info("PingSource scheduler lost partition {} to another instance", partition);
        close();
        return false;
      } catch (KafkaException e) {
        LOG.warn("PingSource ticks of partition {} not sent; retrying: {}", partition, e.getMessage());
        try {
          producer.abortTransaction();
          return true;
        } catch (KafkaException abortFailed) {
          close();
          return false;
        }
      }
    }

    private Map<String, Object> producerConfig() {
      return settings.clientConfig(Map.of(
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.groupId() + "-" + partition,
          ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000,
          ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
          ProducerConfig.LINGER_MS_CONFIG, 0));
    }

    void close() {
      if (producer != null) {
        try {
          producer.close(Duration.ofSeconds(5));
        } catch (KafkaException e) {
          LOG.debug("Closing the producer of partition {}: {}", partition, e.getMessage());
        }
        producer = null;
      }
    }
  }

  /** Stops the loop and leaves the group; another instance takes the sources over at once. */
  @Override
  public void close() {
    running = false;
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
