package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.InvalidEventException;
import dev.kafkaeventing.filter.EventFilter;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One live tail of a topic, as newline-delimited JSON: a {@code {"tail":...}} line once the
 * consumer's positions are fixed, then {@code {"time","partition","offset","size","event"}} per
 * matching event, {@code {"dropped":N}} after events dropped because the client read too slowly,
 * and a {@code {"heartbeat":...}} line every few seconds of silence (keeps the connection out of
 * the idle timeout and lets the client check its deadline).
 *
 * <p>A plain consumer with no group (all partitions assigned, nothing committed), on the stream's
 * own thread: the data plane never waits on it. Stops when the client goes away or after {@code
 * max} events.
 */
final class EventTail implements HttpStream {

  static final Duration HEARTBEAT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Text data as a string (readable in a terminal); other non-JSON data as data_base64. */
  private static final JsonFormat TEXT_FORMAT = new JsonFormat(false, true);
  private static final JsonFormat BINARY_FORMAT = new JsonFormat();

  private final KafkaCluster cluster;
  private final String topic;
  private final EventFilter filter;
  /** null for the end; Instant.EPOCH for the earliest. */
  private final Instant from;
  private final long max;

  EventTail(String bootstrapServers, String topic, EventFilter filter, Instant from, long max) {
    this(new KafkaCluster(bootstrapServers, Map.of()), topic, filter, from, max);
  }

  EventTail(KafkaCluster cluster, String topic, EventFilter filter, Instant from, long max) {
    this.cluster = cluster;
    this.topic = topic;
    this.filter = filter;
    this.from = from;
    this.max = max;
  }

  @Override
  public void run(Sink sink) throws IOException {
    Map<String, Object> config = new HashMap<>();
    config.putAll(cluster.clientConfig(Map.of()));
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tail-" + topic);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      seek(consumer, partitions);
      partitions.forEach(consumer::position); // fixed before the client is told the tail is live
      sink.offer(line(JSON.createObjectNode().put("tail", topic).put("partitions", partitions.size())));
      follow(consumer, sink);
    }
  }

  private void seek(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
    if (from == null) {
      consumer.seekToEnd(partitions);
    } else if (from.equals(Instant.EPOCH)) {
      consumer.seekToBeginning(partitions);
    } else {
      Map<TopicPartition, Long> times = new HashMap<>();
      partitions.forEach(partition -> times.put(partition, from.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
      for (TopicPartition partition : partitions) {
        OffsetAndTimestamp offset = offsets.get(partition);
        if (offset == null) {
          consumer.seekToEnd(List.of(partition));
        } else {
          consumer.seek(partition, offset.offset());
        }
      }
    }
  }

  private void follow(KafkaConsumer<byte[], byte[]> consumer, Sink sink) throws IOException {
    long sent = 0;
    long dropped = 0;
    long reportedDropped = 0;
    long lastWrite = System.nanoTime();
    while (sink.open() && sent < max) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
        CloudEvent event;
        try {
          event = CloudEventKafkaCodec.fromRecord(record.headers(), record.key(), record.value());
        } catch (InvalidEventException e) {
          continue; // not an event the ingress accepted; nothing to show
        }
        if (!filter.test(event) || sent >= max) {
          continue;
        }
        if (sink.offer(eventLine(record, event))) {
          sent++;
          lastWrite = System.nanoTime();
        } else {
          dropped++;
        }
      }
      boolean quiet = System.nanoTime() - lastWrite > HEARTBEAT.toNanos();
      if ((dropped != reportedDropped || quiet) && sink.offer(line(dropped != reportedDropped
          ? JSON.createObjectNode().put("dropped", dropped)
          : JSON.createObjectNode().put("heartbeat", Instant.now().toString()).put("dropped", dropped)))) {
        reportedDropped = dropped;
        lastWrite = System.nanoTime();
      }
    }
  }

  private static byte[] eventLine(ConsumerRecord<byte[], byte[]> record, CloudEvent event) throws IOException {
    ObjectNode line = JSON.createObjectNode()
        .put("time", Instant.ofEpochMilli(record.timestamp()).toString())
        .put("partition", record.partition())
        .put("offset", record.offset())
        .put("size", record.value() == null ? 0 : record.value().length);
    String contentType = event.getDataContentType() == null ? "" : event.getDataContentType();
    JsonFormat format = contentType.startsWith("text/") ? TEXT_FORMAT : BINARY_FORMAT;
    line.set("event", JSON.readTree(format.serialize(event)));
    return line(line);
  }

  private static byte[] line(ObjectNode node) {
    try {
      byte[] json = JSON.writeValueAsBytes(node);
      byte[] line = new byte[json.length + 1];
      System.arraycopy(json, 0, line, 0, json.length);
      line[json.length] = '\n';
      return line;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
