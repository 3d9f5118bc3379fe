package dev.kafkaeventing.core.internal.codec;

import dev.kafkaeventing.core.InvalidEventException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Carries W3C Trace Context across hops: the {@code traceparent} and {@code tracestate} HTTP
 * headers of a received message become the event's Distributed Tracing extension attributes of the
 * same names (unless the event already carries them, which then wins: the extension holds the trace
 * that started the event's journey), and an outgoing binary message repeats those attributes as
 * the plain headers, so a subscriber's tracing library sees the publisher's trace. Stateless and
 * thread-safe.
 */
public final class TraceContextHeaders {

  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";
  private static final AsciiString TRACEPARENT_HEADER = AsciiString.cached(TRACEPARENT);
  private static final AsciiString TRACESTATE_HEADER = AsciiString.cached(TRACESTATE);

  private TraceContextHeaders() {}

  /**
   * The event with the message's trace context as extensions, or the event itself when none applies.
   *
   * @throws InvalidEventException when a trace context header holds a control character
   */
  public static CloudEvent adopt(CloudEvent event, HttpHeaders headers) throws InvalidEventException {
    String parent = headers.get(TRACEPARENT);
    if (parent == null || parent.isBlank() || event.getExtension(TRACEPARENT) != null) {
      return event;
    }
    CloudEventBuilder builder = CloudEventBuilder.from(event)
        .withExtension(TRACEPARENT, AttributeRules.noControlCharacters(TRACEPARENT, parent.trim()));
    String state = headers.get(TRACESTATE);
    if (state != null && !state.isBlank()) {
      builder.withExtension(TRACESTATE, AttributeRules.noControlCharacters(TRACESTATE, state.trim()));
    }
    return builder.build();
  }

  /** Sets the plain trace context headers from the event's extensions, when it has them. */
  public static void export(CloudEvent event, HttpHeaders out) {
    Object parent = event.getExtension(TRACEPARENT);
    if (parent == null) {
      return;
    }
    out.set(TRACEPARENT_HEADER, HeaderValues.requireValid(TRACEPARENT, parent.toString()));
    Object state = event.getExtension(TRACESTATE);
    if (state != null) {
      out.set(TRACESTATE_HEADER, HeaderValues.requireValid(TRACESTATE, state.toString()));
    }
  }
}
