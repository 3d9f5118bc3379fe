package dev.kafkaeventing.dispatcher.internal;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Records of a stream's directed topic: copies of stream events addressed to one route (a
 * redriven parked event, a replayed event). Two headers say for whom and where the event first
 * entered the stream; the rest of the record is the original. Stateless.
 */
final class DirectedRecords {

  static final String TRIGGER_HEADER = "kafka-eventing-trigger";
  static final String ORIGIN_HEADER = "kafka-eventing-origin";

  /** A parsed directed record: the route it is for, the original coordinates and headers. */
  record Directed(String routeUid, int originPartition, long originOffset, Headers headers) {}

  private DirectedRecords() {}

  /** The directed record for {@code event} (original coordinates inside) to the route {@code uid}. */
  static ProducerRecord<byte[], byte[]> toRecord(String topic, int partition, String uid, QueuedEvent event) {
    RecordHeaders headers = new RecordHeaders();
    for (Header header : event.headers()) {
      if (!isOurs(header.key())) {
        headers.add(header);
      }
    }
    headers.add(TRIGGER_HEADER, uid.getBytes(StandardCharsets.UTF_8));
    headers.add(ORIGIN_HEADER, (event.partition() + "/" + event.offset()).getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(topic, partition, null, event.key(), event.value(), headers);
  }

  /** The directed parts of a record, or null when it lacks them. */
  static Directed parse(Headers headers) {
    Header trigger = headers.lastHeader(TRIGGER_HEADER);
    Header origin = headers.lastHeader(ORIGIN_HEADER);
    if (trigger == null || origin == null || trigger.value() == null || origin.value() == null) {
      return null;
    }
    String[] coordinates = new String(origin.value(), StandardCharsets.UTF_8).split("/");
    if (coordinates.length != 2) {
      return null;
    }
    RecordHeaders rest = new RecordHeaders();
    for (Header header : headers) {
      if (!isOurs(header.key())) {
        rest.add(header);
      }
    }
    try {
      return new Directed(new String(trigger.value(), StandardCharsets.UTF_8),
          Integer.parseInt(coordinates[0]), Long.parseLong(coordinates[1]), rest);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isOurs(String header) {
    return header.equals(TRIGGER_HEADER) || header.equals(ORIGIN_HEADER);
  }
}
