package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.dispatcher.ReplayProgress;
import dev.kafkaeventing.filter.EventFilter;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay: reads a time range of the stream topic with its own group-less consumer (the stream
 * topology's offsets are untouched), and copies each event that matches the route's filter into
 * the stream's directed topic, addressed to that route alone. Progress is published about once
 * a second, only up to records Kafka has acknowledged, so a resumed replay skips nothing.
 *
 * <p>Runs on its own thread; {@link #cancel} may be called from any thread.
 */
final class ReplayRunner implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayRunner.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);

  private final KafkaCluster cluster;
  private final ReplayTarget target;
  private final String label;
  private final EventFilter filter;
  private final Producer<byte[], byte[]> producer;
  private final Consumer<ReplayProgress> publish;
  private final Clock clock;
  private ReplayProgress progress;
  private volatile boolean cancelled;

  /** @param label names the route in logs ({@code Trigger ns/name}) */
  ReplayRunner(KafkaCluster cluster, ReplayTarget target, String label, EventFilter filter,
      ReplayProgress initial, Producer<byte[], byte[]> producer, Consumer<ReplayProgress> publish,
      Clock clock) {
    this.cluster = cluster;
    this.target = target;
    this.label = label;
    this.filter = filter;
    this.progress = initial;
    this.producer = producer;
    this.publish = publish;
    this.clock = clock;
  }

  void cancel() {
    cancelled = true;
  }

  @Override
  public void run() {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.clientConfig(Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      if (progress.ends().isEmpty()) {
        progress = plan(consumer);
      }
      publish.accept(progress);
      copy(consumer);
      if (!cancelled) {
        progress = with(ReplayProgress.State.DONE, null);
        publish.accept(progress);
        LOG.info("Replay for {} done: {} of {} records matched", label,
            progress.matched(), progress.scanned());
      }
    } catch (RuntimeException e) {
      if (cancelled) {
        // Stopped on purpose (shutdown, replaced): the last progress stands and resumes later.
        return;
      }
      LOG.warn("Replay for {} failed", label, e);
      progress = with(ReplayProgress.State.FAILED, String.valueOf(e.getMessage()));
      publish.accept(progress);
    }
  }

  /** Fixes the range: per partition the first offset at {@code from} and the end at {@code to}. */
  private ReplayProgress plan(KafkaConsumer<byte[], byte[]> consumer) {
    List<TopicPartition> partitions = partitions(consumer);
    Map<TopicPartition, Long> endsNow = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> starts = progress.from() == null
        ? consumer.beginningOffsets(partitions) : offsetsAt(consumer, partitions, progress.from(), endsNow);
    Map<TopicPartition, Long> ends = progress.to() == null
        ? endsNow : offsetsAt(consumer, partitions, progress.to(), endsNow);
    Map<Integer, Long> positions = new HashMap<>();
    Map<Integer, Long> stops = new HashMap<>();
    long total = 0;
    for (TopicPartition partition : partitions) {
      long start = starts.get(partition);
      long end = Math.max(start, ends.get(partition));
      positions.put(partition.partition(), start);
      stops.put(partition.partition(), end);
      total += end - start;
    }
    return new ReplayProgress(progress.routeUid(), progress.from(), progress.to(), ReplayProgress.State.RUNNING,
        total, 0, 0, progress.startedAt(), null, null, positions, stops, progress.owner());
  }

  private void copy(KafkaConsumer<byte[], byte[]> consumer) {
    Map<Integer, Long> positions = new HashMap<>(progress.positions());
    List<TopicPartition> remaining = new ArrayList<>();
    for (TopicPartition partition : partitions(consumer)) {
      if (positions.getOrDefault(partition.partition(), 0L) < end(partition)) {
        remaining.add(partition);
      }
    }
    consumer.assign(remaining);
    remaining.forEach(partition -> consumer.seek(partition, positions.get(partition.partition())));
    long scanned = progress.scanned();
    long matched = progress.matched();
    List<Future<?>> unacknowledged = new ArrayList<>();
    Instant published = clock.instant();
    while (!remaining.isEmpty() && !cancelled) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        if (record.offset() >= end(new TopicPartition(record.topic(), record.partition()))) {
          continue;
        }
        scanned++;
        QueuedEvent event = new QueuedEvent(record.partition(), record.offset(), record.headers(), record.key(), record.value());
        CloudEvent decoded = event.toEventOrNull();
        if (decoded != null && filter.test(decoded)) {
          matched++;
          unacknowledged.add(producer.send(DirectedRecords.toRecord(target.directedTopic(),
              target.directedPartition(record.partition()), progress.routeUid(), event)));
        }
      }
      for (TopicPartition partition : List.copyOf(remaining)) {
        long position = Math.min(consumer.position(partition), end(partition));
        positions.put(partition.partition(), position);
        if (position >= end(partition)) {
          remaining.remove(partition);
        }
      }
      consumer.pause(consumer.assignment().stream().filter(p -> !remaining.contains(p)).toList());
      if (remaining.isEmpty() || Duration.between(published, clock.instant()).compareTo(PUBLISH_EVERY) >= 0) {
        awaitAll(unacknowledged);
        progress = new ReplayProgress(progress.routeUid(), progress.from(), progress.to(), progress.state(),
            progress.total(), scanned, matched, progress.startedAt(), null, null, positions, progress.ends(),
            progress.owner());
        publish.accept(progress);
        published = clock.instant();
      }
    }
  }

  private long end(TopicPartition partition) {
    return progress.ends().getOrDefault(partition.partition(), 0L);
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
    return consumer.partitionsFor(target.streamTopic()).stream()
        .map(info -> new TopicPartition(target.streamTopic(), info.partition()))
        .toList();
  }

  private static Map<TopicPartition, Long> offsetsAt(KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions, Instant time, Map<TopicPartition, Long> endsNow) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, time.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp at = found.get(partition);
      offsets.put(partition, at == null ? endsNow.get(partition) : at.offset());
    }
    return offsets;
  }

  private static void awaitAll(List<Future<?>> acks) {
    try {
      for (Future<?> ack : acks) {
        ack.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("writing replayed events failed: " + e.getCause().getMessage(), e);
    }
    acks.clear();
  }

  private ReplayProgress with(ReplayProgress.State state, String error) {
    return new ReplayProgress(progress.routeUid(), progress.from(), progress.to(), state, progress.total(),
        progress.scanned(), progress.matched(), progress.startedAt(), clock.instant(), error, progress.positions(),
        progress.ends(), progress.owner());
  }
}
