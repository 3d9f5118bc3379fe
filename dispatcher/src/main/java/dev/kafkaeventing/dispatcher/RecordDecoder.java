package dev.kafkaeventing.dispatcher;

import dev.kafkaeventing.core.InvalidEventException;
import io.cloudevents.CloudEvent;

/**
 * Turns a record of a stream's source topics into the CloudEvent its routes receive. Streams of
 * Brokers and channels hold CloudEvents already and have none; a KafkaSource reads any topic and
 * makes an event of every record. The event is queued (and parked) in the binary Kafka binding,
 * with the record's own key, so the decoder runs once per record.
 *
 * <p>Runs on the stream thread that owns the record's task; implementations must be thread-safe
 * and must not block.
 */
@FunctionalInterface
public interface RecordDecoder {

  /**
   * @throws InvalidEventException when the record cannot become an event: it is skipped (logged)
   */
  CloudEvent decode(StreamRecord record) throws InvalidEventException;
}
