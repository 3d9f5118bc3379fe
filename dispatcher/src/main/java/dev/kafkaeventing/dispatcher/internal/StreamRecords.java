package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.InvalidEventException;
import dev.kafkaeventing.dispatcher.RecordDecoder;
import dev.kafkaeventing.dispatcher.StreamRecord;
import io.cloudevents.CloudEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a stream topology takes in the records of its source topics: which {@link EntryRef} source
 * each topic is, and, for a stream with a {@link RecordDecoder}, the record made an event and
 * queued as that event in the binary Kafka binding (with the record's own key, which orders the
 * event's lane). What is queued thus decodes alike wherever it is read again: the store, the
 * parked events, the directed topic. Immutable; used on stream threads.
 */
final class StreamRecords {

  private static final Logger LOG = LoggerFactory.getLogger(StreamRecords.class);

  private final Map<String, Integer> sources = new HashMap<>();
  private final Map<Integer, String> topics = new HashMap<>();
  private final RecordDecoder decoder;

  StreamRecords(List<String> topics, RecordDecoder decoder) {
    for (int i = 0; i < topics.size(); i++) {
      sources.put(topics.get(i), EntryRef.ofTopic(i));
      this.topics.put(EntryRef.ofTopic(i), topics.get(i));
    }
    this.decoder = decoder;
  }

  /** Where a record of {@code topic} is queued from. */
  EntryRef ref(String topic, long offset) {
    return new EntryRef(sources.getOrDefault(topic, EntryRef.BROKER), offset);
  }

  /** The topic of an {@link EntryRef} source of the stream's topics; null for another source. */
  String topic(int source) {
    return topics.get(source);
  }

  /** The record as queued, or null (logged) when it cannot become an event. */
  QueuedEvent queued(Record<byte[], byte[]> record, RecordMetadata meta) {
    return queued(new StreamRecord(meta.topic(), meta.partition(), meta.offset(), record.timestamp(),
        record.headers(), record.key(), record.value()));
  }

  /** The record as queued, or null (logged) when it cannot become an event; also for a record read again. */
  QueuedEvent queued(StreamRecord record) {
    if (decoder == null) {
      return new QueuedEvent(record.partition(), record.offset(), record.headers(), record.key(), record.value());
    }
    CloudEvent event;
    try {
      event = decoder.decode(record);
    } catch (InvalidEventException | RuntimeException e) {
      LOG.warn("Skipping a record of {} that does not make an event at partition {} offset {}: {}", record.topic(),
          record.partition(), record.offset(), e.getMessage());
      return null;
    }
    ProducerRecord<byte[], byte[]> binary = CloudEventKafkaCodec.toRecord(record.topic(), event);
    return new QueuedEvent(record.partition(), record.offset(), binary.headers(), record.key(), binary.value());
  }
}
