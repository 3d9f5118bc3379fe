package dev.kafkaeventing.core.internal.delivery;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.types.Time;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * TEMPORARY: a minimal CloudEvents HTTP binary-mode encoder and reply decoder, standing in until the
 * project's {@code CloudEventHttpCodec} is available to this module. To be replaced by it; nothing else
 * may use this class.
 */
final class InterimBinaryCodec {

  private static final String PREFIX = "ce-";

  private InterimBinaryCodec() {
  }

  static byte[] encodeBinary(CloudEvent event, HttpHeaders headers) {
    headers.set(PREFIX + "specversion", event.getSpecVersion().toString());
    for (String name : event.getAttributeNames()) {
      Object value = event.getAttribute(name);
      if (value == null || name.equals("specversion")) {
        continue;
      }
      if (name.equals("datacontenttype")) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, value.toString());
      } else {
        headers.set(PREFIX + name, encode(value));
      }
    }
    for (String name : event.getExtensionNames()) {
      headers.set(PREFIX + name, encode(event.getExtension(name)));
    }
    return event.getData() == null ? new byte[0] : event.getData().toBytes();
  }

  static Optional<CloudEvent> decodeReply(HttpHeaders headers, byte[] body) {
    String specVersion = headers.get(PREFIX + "specversion");
    if (specVersion != null) {
      return Optional.of(decodeBinary(SpecVersion.parse(specVersion), headers, body));
    }
    String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
      EventFormat format = EventFormatProvider.getInstance().resolveFormat("application/cloudevents+json");
      if (format == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents+json")) {
        throw new IllegalArgumentException("unsupported structured content type " + contentType);
      }
      return Optional.of(format.deserialize(body));
    }
    return Optional.empty();
  }

  private static CloudEvent decodeBinary(SpecVersion version, HttpHeaders headers, byte[] body) {
    CloudEventBuilder builder = CloudEventBuilder.fromSpecVersion(version);
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith(PREFIX) && !name.equals(PREFIX + "specversion")) {
        builder.withContextAttribute(name.substring(PREFIX.length()), decode(header.getValue()));
      }
    }
    String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
    if (contentType != null) {
      builder.withDataContentType(contentType);
    }
    if (body.length > 0) {
      builder.withData(body);
    }
    return builder.build();
  }

  private static String encode(Object value) {
    String text;
    if (value instanceof OffsetDateTime time) {
      text = Time.writeTime(time);
    } else if (value instanceof byte[] bytes) {
      text = Base64.getEncoder().encodeToString(bytes);
    } else {
      text = value.toString();
    }
    return percentEncode(text);
  }

  /** Space, '"', '%' and everything outside printable ASCII are percent-encoded (HTTP binding 3.1.3.2). */
  private static String percentEncode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '"' && c != '%') {
        out.write(c);
      } else {
        out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static String decode(String value) {
    return value.indexOf('%') < 0 ? value : URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
