package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.dispatcher.StreamId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows which of each stream's source partitions Kafka Streams assigns to this instance and
 * hands the share to the stream's {@link RouteRegistry}, so the instances sharing a stream split
 * its routes' own limits between them. Looks every {@link #PERIOD} and as soon as a topology
 * (re)enters RUNNING, i.e. after each rebalance; topics' partition counts are read through the
 * admin client at most every {@link #COUNT_TTL}.
 *
 * <p>Runs on a thread of its own (never a stream thread). Thread-safe; {@link #close} stops it.
 */
public final class PartitionShares implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionShares.class);
  static final Duration PERIOD = Duration.ofMillis(500);
  static final Duration COUNT_TTL = Duration.ofSeconds(30);

  private record Followed(List<String> topics, KafkaStreams streams, RouteRegistry registry) {}

  private record Count(int partitions, long readAtNanos) {}

  private final Function<String, OptionalInt> partitionCount;
  private final Map<StreamId, Followed> followed = new ConcurrentHashMap<>();
  private final Map<String, Count> counts = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;

  /** @param partitionCount the partitions of a topic, empty when it cannot be read now */
  public PartitionShares(Function<String, OptionalInt> partitionCount) {
    this.partitionCount = partitionCount;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "partition-shares");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::refresh, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Follows {@code streams}, reading {@code topics}, for {@code registry}'s routes. */
  public void follow(StreamId stream, List<String> topics, KafkaStreams streams, RouteRegistry registry) {
    followed.put(stream, new Followed(List.copyOf(topics), streams, registry));
  }

  public void forget(StreamId stream) {
    followed.remove(stream);
  }

  /** Looks again now (a topology finished a rebalance). Callable from any thread; never blocks. */
  public void refreshSoon() {
    try {
      timer.execute(this::refresh);
    } catch (RejectedExecutionException closed) {
      // stopping
    }
  }

  private void refresh() {
    followed.forEach((stream, what) -> {
      try {
        update(what);
      } catch (RuntimeException e) {
        LOG.debug("Partition share of {} not updated: {}", stream, e.toString());
      }
    });
  }

  private void update(Followed what) {
    if (what.streams().state() != KafkaStreams.State.RUNNING) {
      return; // mid-rebalance: keep the last share until the assignment settles
    }
    Set<String> topics = Set.copyOf(what.topics());
    int assigned = 0;
    for (ThreadMetadata thread : what.streams().metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        for (TopicPartition partition : task.topicPartitions()) {
          if (topics.contains(partition.topic())) {
            assigned++;
          }
        }
      }
    }
    int total = 0;
    for (String topic : what.topics()) {
      OptionalInt count = count(topic);
      if (count.isEmpty()) {
        return;
      }
      total += count.getAsInt();
    }
    what.registry().share(new PartitionShare(assigned, Math.max(assigned, total)));
  }

  private OptionalInt count(String topic) {
    Count known = counts.get(topic);
    long now = System.nanoTime();
    if (known != null && now - known.readAtNanos() < COUNT_TTL.toNanos()) {
      return OptionalInt.of(known.partitions());
    }
    OptionalInt read = partitionCount.apply(topic);
    if (read.isPresent()) {
      counts.put(topic, new Count(read.getAsInt(), now));
      return read;
    }
    return known == null ? OptionalInt.empty() : OptionalInt.of(known.partitions());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
