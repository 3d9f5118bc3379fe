package dev.kafkaeventing.core.internal.delivery;

import dev.kafkaeventing.core.CloudEventHttpCodec;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.HttpRequest;
import dev.kafkaeventing.core.internal.codec.HeaderValues;
import dev.kafkaeventing.core.internal.http.HandedOverHeaders;
import dev.kafkaeventing.core.internal.http.HeaderLines;
import io.cloudevents.CloudEvent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import java.net.URI;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds the binary-mode POST of an event: the target's headers, {@code Prefer: reply}, then the event's
 * headers and data, exactly as {@link CloudEventHttpCodec#encodeBinary} writes them.
 *
 * <p>The event's part is encoded once per event instance and reused while the same instance comes again:
 * a broker hands one instance to every Trigger it matches, one after the other. It is kept both as headers
 * and as header lines in wire form; a request takes the lines (one entry among its headers instead of a
 * copy of each) unless its headers are to be changed later by name (a trace context set per attempt) or a
 * target header of the same name would have been replaced by the event's. Thread-safe: the last encoding
 * is an immutable value behind a volatile field.
 */
final class BinaryRequests {

  /** One event's encoded part; {@code headers} is never changed once built. */
  private record Encoded(CloudEvent event, HttpHeaders headers, HeaderLines lines, byte[] body,
      boolean hasContentType) {
  }

  // Every name and value is checked as it goes in (the codec checks what it writes), so the headers
  // themselves need not validate each call again.
  private static final HttpHeadersFactory UNVALIDATED =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);
  private static final AsciiString PREFER = AsciiString.cached("Prefer");
  private static final AsciiString REPLY = AsciiString.cached("reply");

  private volatile Encoded last;

  /**
   * The request delivering {@code event} to {@code destination}.
   *
   * @param fixed whether the request's headers stay as built; false when they are set by name later (a
   *              trace context per attempt), which needs each of the event's headers as an entry of its own
   * @throws RuntimeException when the event or the target's headers cannot be written as HTTP headers
   */
  HttpRequest build(CloudEvent event, URI destination, DeliveryTarget target, boolean fixed) {
    Encoded encoded = encoded(event);
    HandedOverHeaders headers = new HandedOverHeaders();
    boolean asLines = fixed;
    for (Map.Entry<String, String> header : target.headers().entrySet()) {
      String name = header.getKey();
      headers.set(requireValidName(name), HeaderValues.requireValid(name, header.getValue()));
      asLines &= !encoded.headers().contains(name) && !HttpHeaderNames.CONTENT_TYPE.contentEqualsIgnoreCase(name);
    }
    headers.set(PREFER, REPLY);
    if (asLines) {
      // The same bytes as the entries below, in the same place: no target header shares a name with them.
      headers.addLines(encoded.lines());
    } else {
      // Replaying the codec's own sets in order gives the very headers it would have written here.
      for (Iterator<Map.Entry<CharSequence, CharSequence>> it = encoded.headers().iteratorCharSequence();
          it.hasNext(); ) {
        Map.Entry<CharSequence, CharSequence> header = it.next();
        headers.set(header.getKey(), header.getValue());
      }
      if (!encoded.hasContentType()) {
        headers.remove(HttpHeaderNames.CONTENT_TYPE);
      }
    }
    return new HttpRequest(HttpMethod.POST, destination, headers, encoded.body(), target.policy().timeout(),
        target.caCertsFor(destination));
  }

  private Encoded encoded(CloudEvent event) {
    Encoded cached = last;
    if (cached != null && cached.event() == event) {
      return cached;
    }
    HttpHeaders headers = UNVALIDATED.newHeaders();
    byte[] body = CloudEventHttpCodec.encodeBinary(event, headers);
    Encoded encoded = new Encoded(event, headers, HeaderLines.of(headers), body,
        headers.contains(HttpHeaderNames.CONTENT_TYPE));
    last = encoded;
    return encoded;
  }

  private static String requireValidName(String name) {
    if (HttpHeaderValidationUtil.validateToken(name) >= 0) {
      throw new IllegalArgumentException("not a valid HTTP header name: " + name);
    }
    return name;
  }
}
