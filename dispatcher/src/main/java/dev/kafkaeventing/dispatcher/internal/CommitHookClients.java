package dev.kafkaeventing.dispatcher.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * The Kafka clients of a stream topology: Kafka's own, except that the main consumer writes the
 * delivery queues' changes ({@link QueueLog#beforeCommit}) before every offset commit — periodic,
 * on a rebalance and on close alike, since Kafka Streams commits through this one call path on
 * the stream thread — holds the source partitions while the stream's {@link SourceGate} is
 * closed (see {@link HeldPartitions}), and returns from a poll for new records within a
 * millisecond of a {@link Doorbell} ring. Thread-safe as the clients are.
 */
final class CommitHookClients implements KafkaClientSupplier {

  private final QueueLog log;
  private final SourceGate gate;
  private final Duration idleCommitInterval;
  private final Doorbell doorbell;

  /**
   * @param idleCommitInterval how often a held partition's offset is moved to the end of its topic
   * @param doorbell rung as the topology's deliveries finish
   */
  CommitHookClients(QueueLog log, SourceGate gate, Duration idleCommitInterval, Doorbell doorbell) {
    this.log = log;
    this.gate = gate;
    this.idleCommitInterval = idleCommitInterval;
    this.doorbell = doorbell;
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return new LoggingConsumer(config, log, gate, idleCommitInterval, doorbell);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * A consumer that makes the delivery queues durable before it commits their offsets, and does
   * not fetch the source partitions its gate holds. Kafka Streams pauses and resumes partitions
   * itself (full buffers, restoring tasks, and a blanket resume of the whole assignment when
   * every task runs): those calls are passed on except that a held partition stays paused, and
   * {@link #paused()} answers what Kafka Streams asked for.
   *
   * <p>While deliveries are under way its poll waits for records in slices of {@link #SLICE} (longer,
   * up to 8 ms, while no answer comes) and
   * returns early once the doorbell rang: Kafka Streams then runs the punctuators, which take the
   * finished deliveries in (a wall-clock punctuation runs only between polls, and an idle stream
   * thread would otherwise sleep in the poll for its whole timeout). A consumer is confined to
   * its stream thread, so {@code seenRings} needs no synchronisation.
   */
  static final class LoggingConsumer extends KafkaConsumer<byte[], byte[]> implements HeldPartitions.Client {

    static final Duration SLICE = Duration.ofMillis(1);
    /** The longest slice is {@code SLICE << (MAX_SLICES - 1)}: 8 ms. */
    private static final int MAX_SLICES = 4;

    private final QueueLog log;
    private final HeldPartitions held;
    private final Doorbell doorbell;
    private long seenRings;
    /** Slices in a row without a ring. */
    private int quietSlices;

    LoggingConsumer(Map<String, Object> config, QueueLog log, SourceGate gate, Duration idleCommitInterval,
        Doorbell doorbell) {
      super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      this.log = log;
      this.held = new HeldPartitions(gate, this, idleCommitInterval);
      this.doorbell = doorbell;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
      held.beforePoll();
      Duration wait = held.pollTimeout(timeout);
      if (!doorbell.expecting() && doorbell.rings() == seenRings) {
        return super.poll(wait);
      }
      long deadline = System.nanoTime() + wait.toNanos();
      while (true) {
        long rings = doorbell.rings();
        boolean rang = rings != seenRings;
        seenRings = rings;
        // A ring shortens the slices back to one; each quiet slice doubles the next, up to
        // MAX_SLICES, so deliveries that take long (a slow subscriber) do not wake the thread
        // every millisecond for their whole time.
        quietSlices = rang ? 0 : Math.min(quietSlices + 1, MAX_SLICES);
        long slice = SLICE.toNanos() << Math.max(0, quietSlices - 1);
        long left = deadline - System.nanoTime();
        boolean last = rang || left < slice || !doorbell.expecting();
        ConsumerRecords<byte[], byte[]> records = super.poll(last ? Duration.ZERO : Duration.ofNanos(slice));
        if (last || !records.isEmpty()) {
          return records;
        }
      }
    }

    @Override
    public void pause(Collection<TopicPartition> partitions) {
      held.pausedByStreams(partitions);
      super.pause(partitions);
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
      super.resume(held.resumedByStreams(partitions));
    }

    @Override
    public Set<TopicPartition> paused() {
      return held.streamsPaused(super.paused());
    }

    @Override
    public void pauseHeld(Collection<TopicPartition> partitions) {
      super.pause(partitions);
    }

    @Override
    public void resumeHeld(Collection<TopicPartition> partitions) {
      super.resume(partitions);
    }

    @Override
    public Set<TopicPartition> pausedNow() {
      return super.paused();
    }

    @Override
    public void commitSync() {
      log.beforeCommit(assignment());
      super.commitSync();
    }

    @Override
    public void commitSync(Duration timeout) {
      log.beforeCommit(assignment());
      super.commitSync(timeout);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      log.beforeCommit(offsets.keySet());
      super.commitSync(offsets);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      log.beforeCommit(offsets.keySet());
      super.commitSync(offsets, timeout);
    }

    @Override
    public void commitAsync() {
      log.beforeCommit(assignment());
      super.commitAsync();
    }

    @Override
    public void commitAsync(OffsetCommitCallback callback) {
      log.beforeCommit(assignment());
      super.commitAsync(callback);
    }

    @Override
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
      log.beforeCommit(offsets.keySet());
      super.commitAsync(offsets, callback);
    }
  }
}
