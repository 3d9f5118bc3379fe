package dev.kafkaeventing.core.tracing;

import dev.kafkaeventing.core.journal.EventJournal;
import dev.kafkaeventing.core.journal.JournalStep;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The platform's one tracing facade: every hop an event takes (ingress receive, produce, route
 * match, delivery attempt, reply, dead letter, park, source send) starts its span here, and every
 * place an event leaves a hop writes the span's W3C Trace Context here, into the CloudEvents
 * Distributed Tracing extension ({@code traceparent}, {@code tracestate}) and, for HTTP, the plain
 * headers of the same names. The trace travels with the event: in the Kafka record as that
 * extension, so any Kafka reader sees it.
 *
 * <p>The same points feed the event journal ({@link #withJournal}): the hooks named after what
 * happened ({@link #accepted}, {@link #routed}, {@link #attempted}, {@link #replied}, {@link
 * #parked}; attempts to a dead letter sink through {@link #attempted}) hand one {@link JournalStep} each to it, with or without spans.
 *
 * <p>{@link #OFF} (the default) starts nothing: each hook is a null check returning {@link
 * Span#getInvalid()} or the event it was given, and no trace context is invented for an event that
 * had none. Thread-safe; spans may be ended on any thread.
 */
public final class Tracing {

  /** Tracing off: every hook does nothing. */
  public static final Tracing OFF = new Tracing(null, EventJournal.OFF);

  static final String INSTRUMENTATION = "dev.kafkaeventing";

  private final Tracer tracer;
  private final EventJournal journal;

  private Tracing(Tracer tracer, EventJournal journal) {
    this.tracer = tracer;
    this.journal = journal;
  }

  /** Tracing through {@code openTelemetry}'s tracer provider (its propagators are not used: W3C always). */
  public static Tracing of(OpenTelemetry openTelemetry) {
    return new Tracing(Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(INSTRUMENTATION),
        EventJournal.OFF);
  }

  /** The same spans, with every hop also written to {@code journal}. */
  public Tracing withJournal(EventJournal journal) {
    return new Tracing(tracer, Objects.requireNonNull(journal, "journal"));
  }

  /** Whether spans are started at all. */
  public boolean enabled() {
    return tracer != null;
  }

  /** Whether the journal keeps hops: callers gather what its hooks need only then. */
  public boolean journaling() {
    return journal.enabled();
  }

  /** Whether any hook does something: spans or the journal. */
  public boolean active() {
    return tracer != null || journal.enabled();
  }

  /**
   * Journal: a request's events were acknowledged by Kafka on their way into a Broker, channel or sink.
   *
   * @param sentMillis when the records were handed to Kafka: a dispatcher may read them before the
   *     acknowledgement arrives, so this, not the acknowledgement's time, keeps the hop first
   */
  public void accepted(String kind, String namespace, String name, List<CloudEvent> events, long sentMillis) {
    if (!journal.enabled()) {
      return;
    }
    long now = sentMillis;
    String resource = kind + " " + namespace + "/" + name;
    String detail = events.size() == 1 ? "" : "one of " + events.size() + " in the request";
    for (CloudEvent event : events) {
      journal.record(event.getId(), new JournalStep(now, "accepted", resource, "202",
          event.getType() + " from " + event.getSource() + (detail.isEmpty() ? "" : ", " + detail)));
    }
  }

  /**
   * Journal: an event read at {@code partition}/{@code offset} of {@code topic} matched these routes
   * ({@code Trigger ns/name}, {@code Subscription ns/name}) at {@code matchedAtMillis}; none is
   * written down too. The time is taken before the matched deliveries are queued, so that no
   * attempt, which may finish on another thread before this is called, is recorded before its match.
   */
  public void routed(CloudEvent event, String topic, int partition, long offset, List<String> routes,
      long matchedAtMillis) {
    if (!journal.enabled()) {
      return;
    }
    String at = topic + " partition " + partition + " offset " + offset;
    if (routes.isEmpty()) {
      journal.record(event.getId(), new JournalStep(matchedAtMillis, "matched", "", "none", at));
    }
    for (String route : routes) {
      journal.record(event.getId(), new JournalStep(matchedAtMillis, "matched", route, "ok", at));
    }
  }

  /**
   * Journal: attempt {@code attempt} to deliver the event {@code eventId} to {@code destination}
   * ended with {@code status} (0: no response) and {@code error} (null: accepted).
   *
   * @param hop {@code attempt}, or {@code dead-letter} for an attempt to the dead letter sink
   */
  public void attempted(String eventId, String hop, URI destination, int attempt, int status, String error) {
    if (!journal.enabled() || eventId == null) {
      return;
    }
    journal.record(eventId, new JournalStep(System.currentTimeMillis(), hop, destination.toString(),
        status > 0 ? Integer.toString(status) : "no response",
        "attempt " + attempt + (error == null ? "" : ": " + error)));
  }

  /** Journal: the subscriber answered the event {@code eventId} with the event {@code reply}. */
  public void replied(String eventId, CloudEvent reply, Throwable failure) {
    if (!journal.enabled() || eventId == null) {
      return;
    }
    journal.record(eventId, new JournalStep(System.currentTimeMillis(), "reply", reply.getType(),
        failure == null ? "ok" : "failed", "reply id " + reply.getId()
            + (failure == null ? "" : ": " + failure.getMessage())));
  }

  /** Journal: the route {@code route} parked the event after {@code attempts} attempts. */
  public void parked(String eventId, String route, int attempts, String error) {
    if (!journal.enabled() || eventId == null) {
      return;
    }
    journal.record(eventId, new JournalStep(System.currentTimeMillis(), "parked", route, "parked",
        attempts + " attempts" + (error == null ? "" : ": " + error)));
  }

  /**
   * Starts the ingress span of one request to a Broker, channel or sink. Its parent is the request's
   * {@code traceparent} header, else the first event's extension (structured mode carries it in the body).
   *
   * @param kind {@code broker}, {@code channel}, {@code sink} or {@code unknown}
   * @param first the request's first event, or null when none was decoded
   */
  public Span receive(String kind, String namespace, String name, HttpHeaders headers, CloudEvent first) {
    if (tracer == null) {
      return Span.getInvalid();
    }
    Context parent = TraceContext.fromHeaders(headers);
    if (parent == null && first != null) {
      parent = TraceContext.fromEvent(first);
    }
    SpanBuilder span = tracer.spanBuilder("receive " + kind).setSpanKind(SpanKind.SERVER)
        .setParent(parent == null ? Context.root() : parent)
        .setAttribute(SpanAttributes.RESOURCE_KIND, kind)
        .setAttribute(SpanAttributes.RESOURCE_NAMESPACE, namespace)
        .setAttribute(SpanAttributes.RESOURCE_NAME, name)
        .setAttribute(SpanAttributes.HTTP_METHOD, "POST");
    return span.startSpan();
  }

  /** Ends a receive span with the status code answered. */
  public void received(Span receive, int status) {
    if (tracer == null) {
      return;
    }
    receive.setAttribute(SpanAttributes.HTTP_STATUS, status);
    if (status >= 500) {
      receive.setStatus(StatusCode.ERROR);
    }
    receive.end();
  }

  /**
   * Starts the span of producing a request's events to {@code topic}, a child of {@code receive};
   * the events it carries are {@link #carry} its context.
   */
  public Span produce(Span receive, String topic, int events, CloudEvent first) {
    if (tracer == null) {
      return Span.getInvalid();
    }
    SpanBuilder span = tracer.spanBuilder("publish " + topic).setSpanKind(SpanKind.PRODUCER)
        .setParent(Context.root().with(receive))
        .setAttribute(SpanAttributes.MESSAGING_SYSTEM, "kafka")
        .setAttribute(SpanAttributes.MESSAGING_OPERATION, "publish")
        .setAttribute(SpanAttributes.MESSAGING_DESTINATION, topic)
        .setAttribute(SpanAttributes.MESSAGING_BATCH_COUNT, events);
    if (events == 1) {
      span.setAttribute(SpanAttributes.EVENT_ID, first.getId()).setAttribute(SpanAttributes.EVENT_TYPE, first.getType());
    }
    return span.startSpan();
  }

  /** Ends a span, marked failed when {@code failure} is not null. */
  public void end(Span span, Throwable failure) {
    if (tracer == null) {
      return;
    }
    if (failure != null) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
    }
    span.end();
  }

  /**
   * Starts the span of matching an event read from a stream topic against its routes, a child of the
   * event's trace context (a new trace when it has none: a source's record).
   */
  public Span match(CloudEvent event, String topic) {
    if (tracer == null) {
      return Span.getInvalid();
    }
    return tracer.spanBuilder("match " + topic).setSpanKind(SpanKind.CONSUMER)
        .setParent(parentOf(event))
        .setAttribute(SpanAttributes.MESSAGING_SYSTEM, "kafka")
        .setAttribute(SpanAttributes.MESSAGING_OPERATION, "process")
        .setAttribute(SpanAttributes.MESSAGING_DESTINATION, topic)
        .setAttribute(SpanAttributes.EVENT_ID, event.getId())
        .setAttribute(SpanAttributes.EVENT_TYPE, event.getType())
        .startSpan();
  }

  /** Ends a match span with the routes that matched. */
  public void matched(Span match, int routes) {
    if (tracer == null) {
      return;
    }
    match.setAttribute(SpanAttributes.MATCHED_ROUTES, routes);
    match.end();
  }

  /**
   * The trace context a delivery of {@code event} continues: its extension's, or the root (a new
   * trace) when it has none; null when tracing is off.
   */
  public Context parentOf(CloudEvent event) {
    if (tracer == null) {
      return null;
    }
    Context parent = TraceContext.fromEvent(event);
    return parent == null ? Context.root() : parent;
  }

  /**
   * Starts the span of one delivery attempt (HTTP POST) to {@code destination}.
   *
   * @param parent from {@link #parentOf}; null (tracing off) starts nothing
   */
  public Span attempt(Context parent, URI destination, int attempt) {
    if (tracer == null || parent == null) {
      return Span.getInvalid();
    }
    return tracer.spanBuilder("deliver").setSpanKind(SpanKind.CLIENT).setParent(parent)
        .setAttribute(SpanAttributes.HTTP_METHOD, "POST")
        .setAttribute(SpanAttributes.URL, destination.toString())
        .setAttribute(SpanAttributes.SERVER_ADDRESS, String.valueOf(destination.getHost()))
        .setAttribute(SpanAttributes.ATTEMPT, attempt)
        .startSpan();
  }

  /**
   * Ends an attempt or dead-letter span with the response status (0: none) and why it failed (null:
   * it did not).
   */
  public void finish(Span span, int status, String error) {
    if (tracer == null) {
      return;
    }
    if (status > 0) {
      span.setAttribute(SpanAttributes.HTTP_STATUS, status);
    }
    if (error != null) {
      span.setStatus(StatusCode.ERROR, error);
    }
    span.end();
  }

  /** Starts the span of handling a subscriber's reply event, a child of the attempt that received it. */
  public Span reply(Span attempt, CloudEvent reply) {
    if (tracer == null) {
      return Span.getInvalid();
    }
    return tracer.spanBuilder("reply").setSpanKind(SpanKind.PRODUCER)
        .setParent(Context.root().with(attempt))
        .setAttribute(SpanAttributes.EVENT_ID, reply.getId())
        .setAttribute(SpanAttributes.EVENT_TYPE, reply.getType())
        .startSpan();
  }

  /** Starts the span of sending a failed event to its dead letter sink. */
  public Span deadLetter(Context parent, CloudEvent event, URI sink, URI subscriber) {
    if (tracer == null || parent == null) {
      return Span.getInvalid();
    }
    return tracer.spanBuilder("dead letter").setSpanKind(SpanKind.INTERNAL).setParent(parent)
        .setAttribute(SpanAttributes.EVENT_ID, event.getId())
        .setAttribute(SpanAttributes.EVENT_TYPE, event.getType())
        .setAttribute(SpanAttributes.DEAD_LETTER_SINK, sink.toString())
        .setAttribute(SpanAttributes.URL, subscriber.toString())
        .startSpan();
  }

  /** Starts the span of parking an event that no destination accepted. */
  public Span park(CloudEvent event, String route, int attempts, String error) {
    if (tracer == null) {
      return Span.getInvalid();
    }
    Span span = tracer.spanBuilder("park").setSpanKind(SpanKind.INTERNAL)
        .setParent(event == null ? Context.root() : parentOf(event))
        .setAttribute(SpanAttributes.ROUTE, route)
        .setAttribute(SpanAttributes.ATTEMPT, attempts)
        .startSpan();
    if (event != null) {
      span.setAttribute(SpanAttributes.EVENT_ID, event.getId()).setAttribute(SpanAttributes.EVENT_TYPE, event.getType());
    }
    if (error != null) {
      span.setStatus(StatusCode.ERROR, error);
    }
    return span;
  }

  /** Starts the span of a source sending a new event into its stream: the root of the event's trace. */
  public Span sourceSend(String kind, String name, CloudEvent event) {
    if (tracer == null) {
      return Span.getInvalid();
    }
    return tracer.spanBuilder("send " + kind).setSpanKind(SpanKind.PRODUCER).setNoParent()
        .setAttribute(SpanAttributes.RESOURCE_KIND, kind)
        .setAttribute(SpanAttributes.RESOURCE_NAME, name)
        .setAttribute(SpanAttributes.EVENT_ID, event.getId())
        .setAttribute(SpanAttributes.EVENT_TYPE, event.getType())
        .startSpan();
  }

  /**
   * The event carrying {@code span}'s trace context in its {@code traceparent}/{@code tracestate}
   * extensions; the event itself when tracing is off or the span has no valid context.
   */
  public CloudEvent carry(Span span, CloudEvent event) {
    if (tracer == null) {
      return event;
    }
    SpanContext context = span.getSpanContext();
    if (!context.isValid()) {
      return event;
    }
    CloudEventBuilder builder = CloudEventBuilder.from(event)
        .withExtension(TraceContext.TRACEPARENT, TraceContext.traceparent(context));
    String state = TraceContext.tracestate(context);
    if (state.isEmpty()) {
      builder.withoutExtension(TraceContext.TRACESTATE);
    } else {
      builder.withExtension(TraceContext.TRACESTATE, state);
    }
    return builder.build();
  }

  /**
   * Sets {@code span}'s trace context as the {@code traceparent}/{@code tracestate} headers of an
   * outgoing HTTP message, and as the binary-mode {@code ce-traceparent}/{@code ce-tracestate}
   * when {@code binaryExtension}, so both say this hop. Does nothing when off.
   */
  public void inject(Span span, HttpHeaders headers, boolean binaryExtension) {
    if (tracer == null) {
      return;
    }
    SpanContext context = span.getSpanContext();
    if (context.isValid()) {
      TraceContext.toHeaders(context, headers, binaryExtension);
    }
  }
}
