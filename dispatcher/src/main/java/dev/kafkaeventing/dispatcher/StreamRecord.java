package dev.kafkaeventing.dispatcher;

import java.util.Objects;
import org.apache.kafka.common.header.Headers;

/**
 * A record as a stream's topology read it, handed to a {@link RecordDecoder}. Not copied: valid
 * only during the decoder call, which must not keep it.
 *
 * @param topic the source topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param timestamp its timestamp (ms since the epoch)
 * @param headers its headers; never null
 * @param key its key; may be null
 * @param value its value; may be null
 */
public record StreamRecord(String topic, int partition, long offset, long timestamp, Headers headers, byte[] key,
    byte[] value) {

  public StreamRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(headers, "headers");
  }
}
