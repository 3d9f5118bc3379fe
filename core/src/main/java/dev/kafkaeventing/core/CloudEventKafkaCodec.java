package dev.kafkaeventing.core;

import dev.kafkaeventing.core.internal.codec.CanonicalAttributes;
import dev.kafkaeventing.core.internal.codec.EventAssembler;
import dev.kafkaeventing.core.internal.codec.HeaderValues;
import dev.kafkaeventing.core.internal.codec.JsonEventReader;
import dev.kafkaeventing.core.internal.codec.MediaTypes;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents Kafka protocol binding. Writes binary mode, or structured (JSON) mode on request;
 * reads binary and structured (JSON) mode. Stateless and thread-safe.
 *
 * <p>Binary mode: one {@code ce_<attribute>} header per attribute (UTF-8, in a fixed order so that
 * the same event always gives the same bytes), a {@code content-type} header for the
 * datacontenttype, the data as the record value (null when the event has none). The
 * {@code partitionkey} extension, when present, is also the record key, and stays a header, as the
 * binding's key mapping requires. Reading ignores the record key: the binding forbids adding
 * attributes that were not sent.
 */
public final class CloudEventKafkaCodec {

  private static final String PREFIX = "ce_";
  private static final String SPECVERSION = "ce_specversion";
  private static final String CONTENT_TYPE = "content-type";
  private static final String PARTITION_KEY = "partitionkey";

  private static final JsonFormat JSON_FORMAT = new JsonFormat();

  private CloudEventKafkaCodec() {}

  /** Maps an event to a binary-mode record for {@code topic}; partition and timestamp are left unset. */
  public static ProducerRecord<byte[], byte[]> toRecord(String topic, CloudEvent event) {
    RecordHeaders headers = new RecordHeaders();
    CanonicalAttributes.forEach(
        event, (name, value) -> headers.add(headerName(name), value.getBytes(StandardCharsets.UTF_8)));
    if (event.getDataContentType() != null) {
      headers.add(CONTENT_TYPE, event.getDataContentType().getBytes(StandardCharsets.UTF_8));
    }
    Object partitionKey = event.getExtension(PARTITION_KEY);
    byte[] key =
        partitionKey == null
            ? null
            : CanonicalAttributes.canonical(partitionKey).getBytes(StandardCharsets.UTF_8);
    byte[] value = event.getData() == null ? null : event.getData().toBytes();
    return new ProducerRecord<>(topic, null, null, key, value, headers);
  }

  /**
   * Maps an event to a structured-mode record for {@code topic}: the JSON event format as the value
   * and a {@code content-type: application/cloudevents+json} header. The {@code partitionkey}
   * extension, when present, is the record key, as in binary mode.
   */
  public static ProducerRecord<byte[], byte[]> toStructuredRecord(String topic, CloudEvent event) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(CONTENT_TYPE, MediaTypes.STRUCTURED_JSON.getBytes(StandardCharsets.UTF_8));
    Object partitionKey = event.getExtension(PARTITION_KEY);
    byte[] key =
        partitionKey == null
            ? null
            : CanonicalAttributes.canonical(partitionKey).getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic, null, null, key, JSON_FORMAT.serialize(event), headers);
  }

  /** The header of an attribute; constants for the common ones spare a concatenation per event. */
  private static String headerName(String attribute) {
    return switch (attribute) {
      case "specversion" -> SPECVERSION;
      case "id" -> "ce_id";
      case "source" -> "ce_source";
      case "type" -> "ce_type";
      case "subject" -> "ce_subject";
      case "time" -> "ce_time";
      default -> PREFIX + attribute;
    };
  }

  /**
   * Reads a record: binary mode, or structured mode when its {@code content-type} header is
   * {@code application/cloudevents+json}.
   *
   * @param key the record key, not used (see the class description)
   * @param value the record value; null means no data
   * @throws InvalidEventException when the record is not a valid CloudEvent
   */
  public static CloudEvent fromRecord(Headers headers, byte[] key, byte[] value)
      throws InvalidEventException {
    return fromRecord(headers, key, value, Map.of());
  }

  /**
   * As {@link #fromRecord(Headers, byte[], byte[])}, with {@code extensions} (String, Integer, Long
   * or Boolean values) set on the event, replacing any extension of the same name the record
   * carries: Knative's {@code knativekafkapartition} and {@code knativekafkaoffset} are set this way
   * without building the event twice.
   */
  public static CloudEvent fromRecord(Headers headers, byte[] key, byte[] value, Map<String, Object> extensions)
      throws InvalidEventException {
    Header contentTypeHeader = headers.lastHeader(CONTENT_TYPE);
    String contentType =
        contentTypeHeader == null ? null : text(CONTENT_TYPE, contentTypeHeader.value());
    return switch (MediaTypes.modeOf(contentType)) {
      case STRUCTURED_JSON -> {
        if (value == null) {
          throw new InvalidEventException("structured-mode record without a value");
        }
        yield withExtensions(JsonEventReader.readEvent(value), extensions);
      }
      case BATCH_JSON, UNSUPPORTED_FORMAT -> throw new InvalidEventException(
          "unsupported event format " + MediaTypes.essence(contentType) + " in a Kafka record");
      case BINARY -> readBinary(headers, contentType, value, extensions);
    };
  }

  private static CloudEvent withExtensions(CloudEvent event, Map<String, Object> extensions) {
    if (extensions.isEmpty()) {
      return event;
    }
    CloudEventBuilder builder = CloudEventBuilder.from(event);
    extensions.forEach((name, value) -> EventAssembler.withExtension(builder, name, value));
    return builder.build();
  }

  private static CloudEvent readBinary(Headers headers, String contentType, byte[] value,
      Map<String, Object> extensions) throws InvalidEventException {
    String specVersion = null;
    for (Header header : headers) {
      if (header.key().equalsIgnoreCase(SPECVERSION)) {
        specVersion = text(SPECVERSION, header.value());
      }
    }
    if (specVersion == null) {
      throw new InvalidEventException("not a CloudEvent: no ce_specversion header");
    }
    EventAssembler event = EventAssembler.forSpecVersion(specVersion);
    for (Header header : headers) {
      String name = header.key();
      String attribute = attributeOf(name);
      if (attribute != null && !(contentType != null && attribute.equals("datacontenttype"))
          && !extensions.containsKey(attribute)) {
        event.attribute(attribute, text(name, header.value()));
      }
    }
    if (contentType != null) {
      event.attribute("datacontenttype", contentType);
    }
    for (Map.Entry<String, Object> extension : extensions.entrySet()) {
      event.extension(extension.getKey(), extension.getValue());
    }
    event.data(value);
    return event.build();
  }

  /**
   * The attribute a header carries, or null for a header that is not {@code ce_}; constants for the
   * headers every event has spare a substring and a lower-casing per header.
   */
  private static String attributeOf(String header) {
    return switch (header) {
      case SPECVERSION -> "specversion";
      case "ce_id" -> "id";
      case "ce_source" -> "source";
      case "ce_type" -> "type";
      case "ce_time" -> "time";
      case "ce_subject" -> "subject";
      default -> header.length() >= PREFIX.length() && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
          ? header.substring(PREFIX.length()).toLowerCase(Locale.ROOT) : null;
    };
  }

  private static String text(String header, byte[] bytes) throws InvalidEventException {
    return bytes == null ? "" : HeaderValues.strictUtf8(header, bytes);
  }
}
