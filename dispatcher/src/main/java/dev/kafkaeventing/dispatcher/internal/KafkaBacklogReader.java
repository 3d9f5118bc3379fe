package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BacklogReader} of one cluster: a group-less consumer on a thread of its own, started on
 * the first read (an instance whose routes never fall far behind opens nothing). Reads waiting
 * together are served together: per partition, from the records the last read there fetched past
 * its last offset ({@link SurplusRecords}) as far as they go, the rest with one seek to the lowest
 * offset wanted and polls until past the highest. An offset below the partition's start (deleted
 * by retention) is skipped over by the consumer's {@code earliest} reset and reported missing.
 *
 * <p>Thread-safe. Lifecycle: created with the data plane, closed after every topology it serves.
 */
final class KafkaBacklogReader implements BacklogReader {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBacklogReader.class);
  private static final Duration POLL = Duration.ofMillis(100);
  /** The longest the broker holds a fetch that found nothing new (a read's fetch past the log end). */
  private static final Duration FETCH_MAX_WAIT = Duration.ofMillis(10);
  /**
   * What the reader keeps of the records it fetched past a read's last offset, over all partitions:
   * a poll's worth (up to 500 records) for each of a Broker's default 10 partitions at 1 KiB an event.
   */
  private static final long SURPLUS_BYTES = 8L << 20;
  /** The longest one partition's read may take before its reads fail and are tried again. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private record Read(TopicPartition partition, long[] offsets,
      CompletableFuture<Map<Long, ConsumerRecord<byte[], byte[]>>> result) {}

  private final KafkaCluster cluster;
  private final LinkedBlockingQueue<Read> reads = new LinkedBlockingQueue<>();
  /** Touched only by the reader's thread. */
  private final SurplusRecords surplus = new SurplusRecords(SURPLUS_BYTES);
  private Thread thread;
  private volatile boolean closed;

  KafkaBacklogReader(KafkaCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public CompletableFuture<Map<Long, ConsumerRecord<byte[], byte[]>>> read(TopicPartition partition, long[] offsets) {
    CompletableFuture<Map<Long, ConsumerRecord<byte[], byte[]>>> result = new CompletableFuture<>();
    if (offsets.length == 0) {
      result.complete(Map.of());
      return result;
    }
    synchronized (this) {
      if (closed) {
        result.completeExceptionally(new IllegalStateException("backlog reader closed"));
        return result;
      }
      if (thread == null) {
        thread = new Thread(this::run, "backlog-reader");
        thread.setDaemon(true);
        thread.start();
      }
    }
    reads.add(new Read(partition, offsets, result));
    return result;
  }

  private void run() {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.clientConfig(Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        // Reads span a window of a route's events, often a fraction of the records in between:
        // fetch in small steps so little is read past the last offset wanted.
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 256 * 1024,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024 * 1024,
        // Every offset asked for is below the end of its partition, so a fetch never needs to wait
        // on the broker for data. A read that ends at the log end leaves the consumer's next
        // (pipelined) fetch parked there, and the next read's fetch to that broker goes out only
        // once it returns: with the default 500 ms each such read held its route's window that long.
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_MAX_WAIT.toMillis(),
        ConsumerConfig.CLIENT_ID_CONFIG, "backlog-reader-" + System.identityHashCode(this))),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      while (!closed) {
        Read first = reads.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Read> batch = new ArrayList<>(List.of(first));
        reads.drainTo(batch);
        Map<TopicPartition, List<Read>> byPartition = new LinkedHashMap<>();
        batch.forEach(read -> byPartition.computeIfAbsent(read.partition(), p -> new ArrayList<>()).add(read));
        byPartition.forEach((partition, waiting) -> serve(consumer, partition, waiting));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("Backlog reader failed; spilled entries are read again by a new reader", e);
      synchronized (this) {
        thread = null;
      }
    }
    failWaiting();
  }

  /**
   * Reads what {@code waiting} want of one partition in one pass, and completes each of them: what
   * the partition's surplus of the last read covers from there, the rest from Kafka.
   */
  private void serve(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, List<Read> waiting) {
    TreeSet<Long> wanted = new TreeSet<>();
    waiting.forEach(read -> {
      for (long offset : read.offsets()) {
        wanted.add(offset);
      }
    });
    Map<Long, ConsumerRecord<byte[], byte[]>> found = new HashMap<>();
    TreeSet<Long> toFetch = new TreeSet<>();
    for (long offset : wanted) {
      if (surplus.covers(partition, offset)) {
        ConsumerRecord<byte[], byte[]> record = surplus.get(partition, offset);
        if (record != null) {
          found.put(offset, record);
        }
      } else {
        toFetch.add(offset);
      }
    }
    if (!toFetch.isEmpty()) {
      try {
        fetch(consumer, partition, toFetch, found);
      } catch (RuntimeException e) {
        surplus.forget(partition);
        waiting.forEach(read -> read.result().completeExceptionally(e));
        return;
      }
    }
    for (Read read : waiting) {
      Map<Long, ConsumerRecord<byte[], byte[]>> mine = new HashMap<>();
      for (long offset : read.offsets()) {
        ConsumerRecord<byte[], byte[]> record = found.get(offset);
        if (record != null) {
          mine.put(offset, record);
        }
      }
      read.result().complete(mine);
    }
  }

  /**
   * Fetches {@code wanted} (ascending) from Kafka into {@code found}: one seek to the lowest offset,
   * polls until past the highest. The records fetched beyond it are kept as the partition's surplus.
   */
  private void fetch(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, TreeSet<Long> wanted,
      Map<Long, ConsumerRecord<byte[], byte[]>> found) {
    consumer.assign(List.of(partition));
    consumer.seek(partition, wanted.first());
    long last = wanted.last();
    List<ConsumerRecord<byte[], byte[]>> beyond = new ArrayList<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (consumer.position(partition) <= last) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("reading " + partition + " up to offset " + last + " took longer than "
            + READ_TIMEOUT);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        if (record.offset() > last) {
          beyond.add(record);
        } else if (wanted.contains(record.offset())) {
          found.put(record.offset(), record);
        }
      }
    }
    surplus.keep(partition, last + 1, consumer.position(partition), beyond);
  }

  private void failWaiting() {
    Read read;
    while ((read = reads.poll()) != null) {
      read.result().completeExceptionally(new IllegalStateException("backlog reader stopped"));
    }
  }

  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = thread;
    }
    if (running != null) {
      try {
        running.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    failWaiting();
  }
}
