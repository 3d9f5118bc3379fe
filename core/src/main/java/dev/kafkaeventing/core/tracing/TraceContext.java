package dev.kafkaeventing.core.tracing;

import io.cloudevents.CloudEvent;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and writes W3C Trace Context in the two carriers the platform knows: HTTP headers and the
 * CloudEvents Distributed Tracing extension. Malformed values are ignored (a new trace starts), as
 * the W3C recommendation asks. Stateless and thread-safe.
 */
final class TraceContext {

  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";
  private static final String CE_TRACEPARENT = "ce-traceparent";
  private static final String CE_TRACESTATE = "ce-tracestate";
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<HttpHeaders> HEADERS = new TextMapGetter<>() {
    @Override
    public String get(HttpHeaders carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private static final TextMapGetter<CloudEvent> EXTENSIONS = new TextMapGetter<>() {
    @Override
    public String get(CloudEvent carrier, String key) {
      Object value = carrier == null ? null : carrier.getExtension(key);
      return value == null ? null : value.toString();
    }
  };

  private TraceContext() {}

  /** The context of the headers' {@code traceparent}, or null when absent or malformed. */
  static Context fromHeaders(HttpHeaders headers) {
    if (headers == null || !headers.contains(TRACEPARENT)) {
      return null;
    }
    return valid(W3C.extract(Context.root(), headers, HEADERS));
  }

  /** The context of the event's {@code traceparent} extension, or null when absent or malformed. */
  static Context fromEvent(CloudEvent event) {
    if (event.getExtension(TRACEPARENT) == null) {
      return null;
    }
    return valid(W3C.extract(Context.root(), event, EXTENSIONS));
  }

  static String traceparent(SpanContext context) {
    return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
  }

  /** The W3C {@code tracestate} header value; empty when the state is. */
  static String tracestate(SpanContext context) {
    if (context.getTraceState().isEmpty()) {
      return "";
    }
    Map<String, String> carrier = new HashMap<>(4);
    W3C.inject(Context.root().with(Span.wrap(context)), carrier, Map::put);
    return carrier.getOrDefault(TRACESTATE, "");
  }

  static void toHeaders(SpanContext context, HttpHeaders headers, boolean binaryExtension) {
    String parent = traceparent(context);
    String state = tracestate(context);
    headers.set(TRACEPARENT, parent);
    if (binaryExtension) {
      headers.set(CE_TRACEPARENT, parent);
    }
    if (state.isEmpty()) {
      headers.remove(TRACESTATE);
      if (binaryExtension) {
        headers.remove(CE_TRACESTATE);
      }
    } else {
      headers.set(TRACESTATE, state);
      if (binaryExtension) {
        headers.set(CE_TRACESTATE, state);
      }
    }
  }

  private static Context valid(Context context) {
    return Span.fromContext(context).getSpanContext().isValid() ? context : null;
  }
}
