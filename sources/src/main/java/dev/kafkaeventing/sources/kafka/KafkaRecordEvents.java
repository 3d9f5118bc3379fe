package dev.kafkaeventing.sources.kafka;

import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.InvalidEventException;
import dev.kafkaeventing.dispatcher.RecordDecoder;
import dev.kafkaeventing.dispatcher.StreamRecord;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Header;

/**
 * What a KafkaSource makes of a record, as Knative's KafkaSource does. A record in the CloudEvents
 * Kafka binding ({@code ce_} headers, or a structured event with {@code content-type:
 * application/cloudevents+json}) is that event. Any other record becomes an event of type {@value
 * #TYPE}: source {@code /apis/v1/namespaces/<ns>/kafkasources/<name>#<topic>}, subject {@code
 * partition:<p>#<offset>}, id {@code partition:<p>/offset:<offset>}, time the record's timestamp,
 * the key (as UTF-8 text) as extension {@code key}, each header as extension {@code
 * kafkaheader<name>} (the name lowercased, characters other than letters and digits dropped), the
 * value as data. Either way the source's {@code ceOverrides.extensions} are set last.
 *
 * <p>Immutable and thread-safe; equal for equal sources, so an unchanged KafkaSource keeps its
 * running stream.
 *
 * @param namespace the KafkaSource's namespace
 * @param name the KafkaSource's name
 * @param overrides {@code spec.ceOverrides.extensions}
 */
public record KafkaRecordEvents(String namespace, String name, Map<String, String> overrides)
    implements RecordDecoder {

  /** The type of an event made of a record that is not a CloudEvent. */
  public static final String TYPE = "dev.knative.kafka.event";

  public KafkaRecordEvents {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    overrides = Map.copyOf(overrides);
  }

  @Override
  public CloudEvent decode(StreamRecord record) throws InvalidEventException {
    CloudEvent event = isCloudEvent(record) ? CloudEventKafkaCodec.fromRecord(record.headers(), record.key(),
        record.value()) : null;
    CloudEventBuilder builder = event != null ? CloudEventBuilder.from(event) : fromPlainRecord(record);
    overrides.forEach(builder::withExtension);
    return builder.build();
  }

  private CloudEventBuilder fromPlainRecord(StreamRecord record) {
    CloudEventBuilder builder = CloudEventBuilder.v1()
        .withId("partition:" + record.partition() + "/offset:" + record.offset())
        .withSource(URI.create("/apis/v1/namespaces/" + namespace + "/kafkasources/" + name + "#" + record.topic()))
        .withSubject("partition:" + record.partition() + "#" + record.offset())
        .withType(TYPE);
    if (record.timestamp() >= 0) {
      builder.withTime(OffsetDateTime.ofInstant(Instant.ofEpochMilli(record.timestamp()), ZoneOffset.UTC));
    }
    if (record.key() != null) {
      builder.withExtension("key", new String(record.key(), StandardCharsets.UTF_8));
    }
    for (Header header : record.headers()) {
      String extension = "kafkaheader" + extensionSafe(header.key());
      builder.withExtension(extension, header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
    }
    if (record.value() != null) {
      builder.withData(record.value());
    }
    return builder;
  }

  /** Whether the record is in the CloudEvents Kafka binding, binary or structured. */
  static boolean isCloudEvent(StreamRecord record) {
    for (Header header : record.headers()) {
      String key = header.key();
      if (key.equalsIgnoreCase("ce_specversion")) {
        return true;
      }
      if (key.equalsIgnoreCase("content-type") && header.value() != null
          && new String(header.value(), StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT)
              .startsWith("application/cloudevents+json")) {
        return true;
      }
    }
    return false;
  }

  /** A header name as Knative makes it part of an extension name: lowercase letters and digits. */
  static String extensionSafe(String headerName) {
    StringBuilder safe = new StringBuilder(headerName.length());
    for (char c : headerName.toLowerCase(Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        safe.append(c);
      }
    }
    return safe.toString();
  }
}
