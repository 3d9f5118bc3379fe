package dev.kafkaeventing.core;

import dev.kafkaeventing.core.internal.codec.BinaryHeaderNames;
import dev.kafkaeventing.core.internal.codec.CanonicalAttributes;
import dev.kafkaeventing.core.internal.codec.EventAssembler;
import dev.kafkaeventing.core.internal.codec.HeaderValues;
import dev.kafkaeventing.core.internal.codec.JsonEventReader;
import dev.kafkaeventing.core.internal.codec.MediaTypes;
import dev.kafkaeventing.core.internal.codec.TraceContextHeaders;
import io.cloudevents.CloudEvent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudEvents HTTP protocol binding: binary, structured and batched content modes, the JSON
 * event format, specversions 1.0 and 0.3 (kept as they are, never upgraded). Stateless and
 * thread-safe.
 *
 * <p>Beyond the CloudEvents SDK it percent-encodes and decodes {@code ce-} header values, reads
 * the batched mode, matches media types case-insensitively and refuses an empty {@code subject}.
 * In binary mode the {@code Content-Type} header is the datacontenttype; a stray
 * {@code ce-datacontenttype} header is used only when there is no {@code Content-Type}.
 *
 * <p>W3C Trace Context: a message's {@code traceparent} and {@code tracestate} headers become the
 * Distributed Tracing extension of events that do not carry it yet, and binary encoding repeats
 * that extension as the plain headers, so a publisher's trace reaches subscribers.
 */
public final class CloudEventHttpCodec {

  private static final String PREFIX = "ce-";
  private static final String SPECVERSION = "ce-specversion";
  private static final byte[] NO_DATA = new byte[0];
  /** Attribute names met in most events, matched without building a String per header. */
  private static final String[] KNOWN_ATTRIBUTES = {
      "id", "source", "type", "specversion", "subject", "time", "dataschema", "datacontenttype", "partitionkey",
      "traceparent", "tracestate"};

  private CloudEventHttpCodec() {}

  /**
   * Decodes a request body: binary ({@code ce-} headers), structured
   * ({@code application/cloudevents+json}, media type case-insensitive, parameters such as charset
   * allowed) or batched ({@code application/cloudevents-batch+json}, zero or more events).
   *
   * @throws InvalidEventException when the message is not a valid CloudEvent (or batch of them)
   */
  public static List<CloudEvent> decode(HttpHeaders headers, byte[] body)
      throws InvalidEventException {
    List<CloudEvent> events = decodeEvents(headers, body);
    if (events.size() == 1) {
      return List.of(TraceContextHeaders.adopt(events.get(0), headers));
    }
    List<CloudEvent> traced = new ArrayList<>(events.size());
    for (CloudEvent event : events) {
      traced.add(TraceContextHeaders.adopt(event, headers));
    }
    return traced;
  }

  private static List<CloudEvent> decodeEvents(HttpHeaders headers, byte[] body)
      throws InvalidEventException {
    String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
    return switch (MediaTypes.modeOf(contentType)) {
      case STRUCTURED_JSON -> List.of(JsonEventReader.readEvent(body));
      case BATCH_JSON -> JsonEventReader.readBatch(body);
      case UNSUPPORTED_FORMAT -> throw unsupportedFormat(contentType);
      case BINARY -> {
        if (!headers.contains(SPECVERSION)) {
          throw new InvalidEventException(
              "not a CloudEvent: no ce-specversion header and Content-Type is not "
                  + MediaTypes.STRUCTURED_JSON + " or " + MediaTypes.BATCH_JSON);
        }
        yield List.of(readBinary(headers, contentType, body));
      }
    };
  }

  /**
   * Decodes a response that may carry one event, in binary or structured mode.
   *
   * @return the event, or null when the response carries none (no {@code ce-specversion} header
   *     and not structured)
   * @throws InvalidEventException when it carries a malformed event, or a batch
   */
  public static CloudEvent decodeReply(HttpHeaders headers, byte[] body)
      throws InvalidEventException {
    CloudEvent reply = decodeReplyEvent(headers, body);
    return reply == null ? null : TraceContextHeaders.adopt(reply, headers);
  }

  private static CloudEvent decodeReplyEvent(HttpHeaders headers, byte[] body)
      throws InvalidEventException {
    String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
    return switch (MediaTypes.modeOf(contentType)) {
      case STRUCTURED_JSON -> JsonEventReader.readEvent(body);
      case BATCH_JSON -> throw new InvalidEventException(
          "a reply carries at most one event; batched replies are not supported");
      case UNSUPPORTED_FORMAT -> throw unsupportedFormat(contentType);
      case BINARY -> headers.contains(SPECVERSION) ? readBinary(headers, contentType, body) : null;
    };
  }

  /**
   * Writes the event in binary mode: one percent-encoded {@code ce-} header per attribute,
   * {@code Content-Type} from the datacontenttype (removed when there is none) and the W3C
   * {@code traceparent}/{@code tracestate} headers from the extensions of those names. Other headers of
   * {@code out}, such as Content-Length, are left to the caller.
   *
   * @return the body: the event's data, or an empty array when it has none
   */
  public static byte[] encodeBinary(CloudEvent event, HttpHeaders out) {
    // Percent-encoded values and pre-checked names are safe even in headers that do not validate;
    // the values written as they are (content type, trace context) are checked here.
    CanonicalAttributes.forEach(
        event, (name, value) -> out.set(BinaryHeaderNames.of(name), HeaderValues.encode(value)));
    TraceContextHeaders.export(event, out);
    if (event.getDataContentType() != null) {
      out.set(HttpHeaderNames.CONTENT_TYPE, HeaderValues.requireValid("datacontenttype", event.getDataContentType()));
    } else {
      out.remove(HttpHeaderNames.CONTENT_TYPE);
    }
    return event.getData() == null ? NO_DATA : event.getData().toBytes();
  }

  private static CloudEvent readBinary(HttpHeaders headers, String contentType, byte[] body)
      throws InvalidEventException {
    EventAssembler event =
        EventAssembler.forSpecVersion(HeaderValues.decode(SPECVERSION, headers.get(SPECVERSION)));
    boolean hasContentType = contentType != null && !contentType.isBlank();
    // Header names as the decoder made them (no String per name); values are Strings already.
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> header = it.next();
      CharSequence name = header.getKey();
      if (!startsWithIgnoringAsciiCase(name, PREFIX)) {
        continue;
      }
      String attribute = attributeName(name);
      if (!(hasContentType && attribute.equals("datacontenttype"))) {
        event.attribute(attribute, HeaderValues.decode(name, header.getValue().toString()));
      }
    }
    if (hasContentType) {
      event.attribute("datacontenttype", contentType);
    }
    event.data(body.length == 0 ? null : body);
    return event.build();
  }

  /** The attribute a {@code ce-} header carries: its name after the prefix, lower case. */
  private static String attributeName(CharSequence header) {
    int length = header.length() - PREFIX.length();
    for (String known : KNOWN_ATTRIBUTES) {
      if (known.length() == length && regionEqualsIgnoringAsciiCase(header, PREFIX.length(), known)) {
        return known;
      }
    }
    return header.toString().substring(PREFIX.length()).toLowerCase(Locale.ROOT);
  }

  private static boolean startsWithIgnoringAsciiCase(CharSequence name, String lowerPrefix) {
    return name.length() >= lowerPrefix.length() && regionEqualsIgnoringAsciiCase(name, 0, lowerPrefix);
  }

  /** Whether {@code name} holds {@code lower} (ASCII lower case) at {@code from}, ASCII letters in any case. */
  private static boolean regionEqualsIgnoringAsciiCase(CharSequence name, int from, String lower) {
    for (int i = 0; i < lower.length(); i++) {
      char c = name.charAt(from + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static InvalidEventException unsupportedFormat(String contentType) {
    return new InvalidEventException(
        "unsupported event format " + MediaTypes.essence(contentType) + " (supported: "
            + MediaTypes.STRUCTURED_JSON + ", " + MediaTypes.BATCH_JSON + ")");
  }
}
