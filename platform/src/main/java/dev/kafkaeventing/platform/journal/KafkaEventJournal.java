package dev.kafkaeventing.platform.journal;

import dev.kafkaeventing.core.kafka.KafkaCluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.journal.EventJournal;
import dev.kafkaeventing.core.journal.JournalStep;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event journal kept in Kafka: each hop is added to a bounded in-memory {@link JournalIndex};
 * every {@link #FLUSH_PERIOD} a writer thread writes one record per event that changed — the whole
 * path this instance saw, keyed {@code <instance id>/<event id>} — to the topic {@code
 * <instance name>.event-journal} (compacted, deleted after the retention). So a path costs one
 * record however many hops it has when they come within the period, and a later hop rewrites it.
 *
 * <p>A reader thread follows the topic from {@code now - retention}: at start it rebuilds the
 * index (a restart keeps the paths), and afterwards it adds what the other instances of the same
 * name write, so any instance answers for an event another one handled (a second or so later).
 *
 * <p>Thread-safe. {@link #record} never blocks on Kafka. Lifecycle: {@link #start}, then {@link
 * #close} (writes what is pending).
 */
public final class KafkaEventJournal implements EventJournal, AutoCloseable {

  static final Duration FLUSH_PERIOD = Duration.ofMillis(500);
  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventJournal.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String topic;
  private final String writer = UUID.randomUUID().toString().substring(0, 8);
  private final byte[] writerPrefix = (writer + "/").getBytes(StandardCharsets.UTF_8);
  private final EventJournalOptions options;
  private final JournalIndex index;
  private final Producer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
      "event-journal-writer"));
  private final Thread reader;
  private volatile boolean loaded;
  private volatile boolean closed;

  /**
   * @param producer shared; written to from the writer thread only
   */
  public KafkaEventJournal(KafkaCluster cluster, String instanceName, EventJournalOptions options,
      Producer<byte[], byte[]> producer) {
    this.topic = instanceName + ".event-journal";
    this.options = options;
    this.index = new JournalIndex(options.maxEvents());
    this.producer = producer;
    Map<String, Object> config = cluster.clientConfig(new HashMap<>());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceName + "-event-journal-reader");
    this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.reader = new Thread(this::follow, "event-journal-reader");
    this.reader.setDaemon(true);
  }

  /** Creates the topic (or sets its retention) and starts the writer and the reader. */
  public void start(Admin admin) {
    Map<String, String> configs = Map.of("cleanup.policy", "compact,delete",
        "retention.ms", Long.toString(options.retention().toMillis()),
        "segment.ms", Long.toString(Math.max(60_000, options.retention().toMillis() / 4)));
    KafkaTopics topics = new KafkaTopics(admin);
    if (!topics.ensureTopic(topic, 3, (short) 1, configs, Duration.ofSeconds(30))) {
      topics.setConfigs(topic, configs, Duration.ofSeconds(30));
    }
    reader.start();
    flusher.scheduleWithFixedDelay(this::flush, FLUSH_PERIOD.toMillis(), FLUSH_PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void record(String eventId, JournalStep step) {
    index.add(eventId, writer, step);
  }

  /** The event's path as every instance recorded it, oldest step first; empty when unknown. */
  public List<RecordedStep> lookup(String eventId) {
    return index.lookup(eventId);
  }

  /** Whether the reader has caught up with the topic as it was at start. */
  public boolean loaded() {
    return loaded;
  }

  public EventJournalOptions options() {
    return options;
  }

  /** Events the index holds now. */
  public int size() {
    return index.size();
  }

  private void flush() {
    try {
      index.drainDirty(writer).forEach((id, steps) -> producer.send(
          new ProducerRecord<>(topic, (writer + "/" + id).getBytes(StandardCharsets.UTF_8), encode(id, steps)),
          (meta, failure) -> {
            if (failure != null && !closed) {
              LOG.debug("Event journal write failed for {}", id, failure);
            }
          }));
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("Event journal write failed", e);
      }
    }
  }

  private byte[] encode(String id, List<JournalStep> steps) {
    ObjectNode record = JSON.createObjectNode().put("id", id).put("writer", writer);
    ArrayNode array = record.putArray("steps");
    for (JournalStep step : steps) {
      array.addArray().add(step.timeMillis()).add(step.hop()).add(step.resource()).add(step.status())
          .add(step.detail());
    }
    try {
      return JSON.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the journal topic from {@code now - retention}; another writer's record replaces its steps. */
  private void follow() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      consumer.assign(partitions);
      seekToRetention(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (!closed) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          read(record);
        }
        if (!loaded && ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
          loaded = true;
          LOG.debug("Event journal loaded: {} events", index.size());
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("Event journal reader stopped; lookups see only this instance's events from now on", e);
      }
    } finally {
      loaded = true;
      consumer.close(Duration.ofSeconds(1));
    }
  }

  private void seekToRetention(List<TopicPartition> partitions) {
    long from = System.currentTimeMillis() - options.retention().toMillis();
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(p -> times.put(p, from));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp at = offsets.get(partition);
      if (at == null) {
        consumer.seekToEnd(List.of(partition));
      } else {
        consumer.seek(partition, at.offset());
      }
    }
  }

  private void read(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null || ownKey(record.key())) {
      return;
    }
    try {
      JsonNode node = JSON.readTree(record.value());
      String from = node.path("writer").asText();
      if (from.equals(writer)) {
        return;
      }
      List<JournalStep> steps = new ArrayList<>();
      for (JsonNode step : node.path("steps")) {
        steps.add(new JournalStep(step.path(0).asLong(), step.path(1).asText(), step.path(2).asText(),
            step.path(3).asText(), step.path(4).asText()));
      }
      index.put(node.path("id").asText(), from, steps);
    } catch (IOException | RuntimeException e) {
      LOG.debug("Skipping an unreadable event journal record at offset {}", record.offset(), e);
    }
  }

  /** Whether this instance wrote the record: its key starts with {@code <writer>/}; skipped unparsed. */
  private boolean ownKey(byte[] key) {
    if (key == null || key.length <= writerPrefix.length) {
      return false;
    }
    for (int i = 0; i < writerPrefix.length; i++) {
      if (key[i] != writerPrefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
    closed = true;
    if (reader.getState() == Thread.State.NEW) {
      consumer.close(Duration.ZERO);
      return;
    }
    consumer.wakeup();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }
}
