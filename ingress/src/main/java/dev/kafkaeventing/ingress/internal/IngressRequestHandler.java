package dev.kafkaeventing.ingress.internal;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN;
import static io.netty.handler.codec.http.HttpResponseStatus.INTERNAL_SERVER_ERROR;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;
import static io.netty.handler.codec.http.HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
import static io.netty.handler.codec.http.HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
import static io.netty.handler.codec.http.HttpResponseStatus.REQUEST_URI_TOO_LONG;

import dev.kafkaeventing.core.CloudEventHttpCodec;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.InvalidEventException;
import dev.kafkaeventing.ingress.PublisherGate;
import dev.kafkaeventing.ingress.ReceiverRoutes;
import dev.kafkaeventing.core.LogText;
import dev.kafkaeventing.core.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.cloudevents.CloudEvent;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection of the receiver: {@code POST /<namespace>/<name>} decodes the
 * CloudEvent(s) of the request, produces them to the target's topic and answers 202 once Kafka has
 * acknowledged all of them; {@code GET /healthz} answers 200.
 *
 * <p>With authentication on, the {@link PublisherGate} decides first: 401 with {@code
 * WWW-Authenticate: Bearer} for a missing or invalid token or the wrong audience, 403 when no
 * policy allows the sender or the event; nothing refused is produced.
 *
 * <p>Other answers: 400 (with a one-line reason) for an invalid event or body, 404 when no target
 * is declared at the path, 405 for another method, 413 for a record too large for Kafka, 503 with
 * {@code Retry-After} when the target is declared but not served yet, when Kafka refused or did not
 * acknowledge within the publish timeout, or when the ingress is shutting down. Never 202 for an
 * event Kafka has not acknowledged.
 *
 * <p>Pipeline: {@code HttpServerCodec -> HttpServerKeepAliveHandler -> BodyLimitAggregator ->
 * IngressRequestHandler}. One instance per connection; runs on its event loop, and never blocks
 * it: Kafka's acknowledgement is handed back to the event loop to write the response.
 */
public final class IngressRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** The health-check path. */
  public static final String HEALTH_PATH = "/healthz";

  private static final Logger LOG = LoggerFactory.getLogger(IngressRequestHandler.class);

  private final ReceiverRoutes routes;
  private final IngressPublisher publisher;
  private final Duration publishTimeout;
  private final IngressMetrics metrics;
  private final Tracing tracing;
  private final PublisherGate gate;
  private final ResponseSequencer sequencer = new ResponseSequencer();
  /** Requests waiting for Kafka, oldest first; answered ones leave once they reach the head. */
  private final ArrayDeque<Publication> waiting = new ArrayDeque<>();
  /** The last path with a target on this connection, and its target (labels from the path alone). */
  private String lastPath;
  private IngressMetrics.Target lastTarget;
  /** The timer of the oldest waiting request's deadline; null when none is armed. */
  private ScheduledFuture<?> sweep;

  /**
   * @param publishTimeout how long a request waits for Kafka's acknowledgement before it is
   *     answered 503
   */
  public IngressRequestHandler(ReceiverRoutes routes, IngressPublisher publisher, Duration publishTimeout,
      IngressMetrics metrics) {
    this(routes, publisher, publishTimeout, metrics, Tracing.OFF, PublisherGate.OPEN);
  }

  /** With a receive span per request and a publish span per request's events. */
  public IngressRequestHandler(ReceiverRoutes routes, IngressPublisher publisher, Duration publishTimeout,
      IngressMetrics metrics, Tracing tracing) {
    this(routes, publisher, publishTimeout, metrics, tracing, PublisherGate.OPEN);
  }

  /** With the gate that authenticates and authorizes publishers. */
  public IngressRequestHandler(ReceiverRoutes routes, IngressPublisher publisher, Duration publishTimeout,
      IngressMetrics metrics, PublisherGate gate) {
    this(routes, publisher, publishTimeout, metrics, Tracing.OFF, gate);
  }

  /** With both a tracing and the publishers' gate. */
  public IngressRequestHandler(ReceiverRoutes routes, IngressPublisher publisher, Duration publishTimeout,
      IngressMetrics metrics, Tracing tracing, PublisherGate gate) {
    this.gate = gate;
    this.routes = routes;
    this.publisher = publisher;
    this.publishTimeout = publishTimeout;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    Answer answer = new Answer(sequencer.reserve(ctx), System.nanoTime());
    FullHttpResponse response;
    try {
      response = handle(ctx, request, answer);
    } catch (RuntimeException e) {
      LOG.warn("Failed to handle {} {}", LogText.of(request.method()), LogText.of(request.uri()), e);
      response = IngressResponses.closing(IngressResponses.text(INTERNAL_SERVER_ERROR, "internal error"));
    }
    if (response != null) {
      complete(ctx, answer, response);
    }
  }

  /** Writes the response in its turn and counts it (health checks are not counted). */
  private void complete(ChannelHandlerContext ctx, Answer answer, FullHttpResponse response) {
    if (answer.target != null && metrics != null) {
      metrics.answered(answer.target, response.status().code(), System.nanoTime() - answer.startNanos);
    }
    if (answer.receive != null) {
      tracing.received(answer.receive, response.status().code());
    }
    sequencer.complete(ctx, answer.slot, response);
  }

  /** A request's place in the response order, when it was read and its target once known. */
  private static final class Answer {
    final ResponseSequencer.Slot slot;
    final long startNanos;
    IngressMetrics.Target target = IngressMetrics.Target.UNKNOWN;
    /** The receive span once the request's events are decoded; null when tracing is off. */
    Span receive;

    Answer(ResponseSequencer.Slot slot, long startNanos) {
      this.slot = slot;
      this.startNanos = startNanos;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Closing ingress connection {}", ctx.channel(), cause);
    ctx.close();
  }

  /** The response when known now; null when it will follow Kafka's acknowledgement. */
  private FullHttpResponse handle(ChannelHandlerContext ctx, FullHttpRequest request, Answer answer) {
    if (!request.decoderResult().isSuccess()) {
      return malformed(request.decoderResult().cause());
    }
    String path = RequestPaths.path(request.uri());
    if (path.equals(HEALTH_PATH)) {
      answer.target = null;
      return health(request.method());
    }
    Optional<String> topic = routes.topicFor(path);
    answer.target = target(path, topic.isPresent());
    if (!HttpMethod.POST.equals(request.method())) {
      return IngressResponses.methodNotAllowed("POST");
    }
    if (publisher.isClosing()) {
      return IngressResponses.closing(IngressResponses.unavailable("ingress is shutting down"));
    }
    if (topic.isEmpty()) {
      String what = path.startsWith("/channels/") ? "channel" : path.startsWith("/sinks/") ? "sink" : "broker";
      return routes.isPending(path)
          ? IngressResponses.unavailable(what + " at " + path + " is not ready yet")
          : IngressResponses.text(NOT_FOUND, "no " + what + " at " + path);
    }
    List<CloudEvent> events;
    List<ProducerRecord<byte[], byte[]>> records;
    Span produce = null;
    try {
      events = CloudEventHttpCodec.decode(request.headers(), ByteBufUtil.getBytes(request.content()));
      if (tracing.enabled()) {
        produce = traced(request, answer, topic.get(), events);
        events = carried(produce, events);
      }
      records = toRecords(topic.get(), routes.writesStructured(path), events);
    } catch (InvalidEventException e) {
      LOG.debug("Invalid event at {}: {}", LogText.of(path), LogText.of(e.getMessage()));
      if (tracing.enabled()) {
        traceRefused(request, answer, produce, e);
      }
      return IngressResponses.text(BAD_REQUEST, e.getMessage());
    }
    List<CloudEvent> checked = events;
    Span publishing = produce;
    CompletableFuture<PublisherGate.Admission> admission =
        gate.admit(path, request.headers().get(HttpHeaderNames.AUTHORIZATION), checked);
    if (admission.isDone()) {
      return admitted(ctx, answer, path, checked, records, publishing, admission.join());
    }
    admission.whenComplete((decision, error) -> ctx.executor().execute(() -> {
      FullHttpResponse refusal = admitted(ctx, answer, path, checked, records, publishing,
          error == null ? decision : PublisherGate.Admission.unauthenticated("token could not be checked"));
      if (refusal != null) {
        complete(ctx, answer, refusal);
      }
    }));
    return null;
  }

  /** Publishes an allowed request (null: the answer follows Kafka), or answers a refused one. */
  private FullHttpResponse admitted(ChannelHandlerContext ctx, Answer answer, String path, List<CloudEvent> events,
      List<ProducerRecord<byte[], byte[]>> records, Span publishing, PublisherGate.Admission decision) {
    if (publishing != null && decision.outcome() != PublisherGate.Outcome.ALLOWED) {
      tracing.end(publishing, new SecurityException(decision.reason()));
    }
    switch (decision.outcome()) {
      case UNAUTHENTICATED:
        LOG.debug("Unauthenticated request to {}: {}", LogText.of(path), LogText.of(decision.reason()));
        return IngressResponses.unauthorized(decision.reason());
      case FORBIDDEN:
        LOG.debug("Forbidden request to {}: {}", LogText.of(path), LogText.of(decision.reason()));
        return IngressResponses.text(FORBIDDEN, decision.reason());
      default:
        publish(ctx, answer, path, events, records, publishing);
        return null;
    }
  }

  private void publish(ChannelHandlerContext ctx, Answer answer, String path, List<CloudEvent> accepted,
      List<ProducerRecord<byte[], byte[]>> records, Span publishing) {
    // Whichever comes first answers: Kafka's acknowledgement, or the publish timeout (503). Both
    // run on this event loop, so the flag needs no lock. A record Kafka takes after the timeout is
    // delivered too: the client's retry is then a duplicate, never a loss.
    Publication publication = new Publication(ctx, answer, path, accepted, publishing,
        ctx.executor().ticker().nanoTime() + publishTimeout.toNanos());
    waiting.addLast(publication);
    if (sweep == null) {
      armSweep(ctx, publishTimeout.toNanos());
    }
    publisher.publish(routes.producerFor(path), records, publication);
  }

  /**
   * One request waiting for Kafka: told the outcome on a Kafka thread, answers on the event loop.
   * One object per request stands for the callback, the hop back to the loop and the answered flag.
   */
  private final class Publication implements IngressPublisher.Completion, Runnable {
    private final ChannelHandlerContext ctx;
    private final Answer answer;
    private final String path;
    private final List<CloudEvent> accepted;
    private final Span publishing;
    final long deadlineNanos;
    /** Wall-clock time the records went to Kafka, taken only while the journal is on. */
    private final long sentMillis;
    /** Set before the hop to the event loop, read after it. */
    private Exception failure;
    /** Only touched on the event loop. */
    boolean answered;

    Publication(ChannelHandlerContext ctx, Answer answer, String path, List<CloudEvent> accepted, Span publishing,
        long deadlineNanos) {
      this.ctx = ctx;
      this.answer = answer;
      this.path = path;
      this.accepted = accepted;
      this.publishing = publishing;
      this.deadlineNanos = deadlineNanos;
      this.sentMillis = tracing.journaling() ? System.currentTimeMillis() : 0;
    }

    @Override
    public void done(Exception failure) {
      this.failure = failure;
      ctx.executor().execute(this);
    }

    @Override
    public void run() {
      if (publishing != null) {
        tracing.end(publishing, failure);
      }
      if (failure == null) {
        routes.accepted(path, accepted);
        IngressMetrics.Target target = answer.target;
        tracing.accepted(target.kind(), target.namespace(), target.name(), accepted, sentMillis);
      }
      if (!answered) {
        answered = true;
        complete(ctx, answer, outcome(path, failure));
      }
      while (!waiting.isEmpty() && waiting.peekFirst().answered) {
        waiting.pollFirst();
      }
    }

    /** The publish timeout passed first. */
    void expire() {
      answered = true;
      complete(ctx, answer, IngressResponses.unavailable(
          "Kafka did not acknowledge the events within " + publishTimeout.toMillis() + " ms"));
    }
  }

  /**
   * One timer per connection, not one per request: it fires at the oldest waiting request's
   * deadline (requests wait in arrival order and share one timeout, so deadlines only grow).
   */
  private void armSweep(ChannelHandlerContext ctx, long delayNanos) {
    sweep = ctx.executor().schedule(() -> sweep(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void sweep(ChannelHandlerContext ctx) {
    sweep = null;
    long now = ctx.executor().ticker().nanoTime();
    while (!waiting.isEmpty()) {
      Publication oldest = waiting.peekFirst();
      if (!oldest.answered && oldest.deadlineNanos - now > 0) {
        armSweep(ctx, oldest.deadlineNanos - now);
        return;
      }
      waiting.pollFirst();
      if (!oldest.answered) {
        oldest.expire();
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (sweep != null) {
      sweep.cancel(false);
      sweep = null;
    }
    super.channelInactive(ctx);
  }

  /**
   * The target at {@code path} ({@code served}: a route knows it); a connection usually posts to
   * one path, so the last one is kept.
   */
  private IngressMetrics.Target target(String path, boolean served) {
    if (served && path.equals(lastPath)) {
      return lastTarget;
    }
    IngressMetrics.Target target = IngressMetrics.target(path, served);
    if (target != IngressMetrics.Target.UNKNOWN) {
      lastPath = path;
      lastTarget = target;
    }
    return target;
  }

  /** Starts the request's receive span (kept in {@code answer}) and returns its publish span. */
  private Span traced(FullHttpRequest request, Answer answer, String topic, List<CloudEvent> events) {
    IngressMetrics.Target target = answer.target;
    CloudEvent first = events.isEmpty() ? null : events.get(0);
    answer.receive = tracing.receive(target.kind(), target.namespace(), target.name(), request.headers(), first);
    return tracing.produce(answer.receive, topic, events.size(), first);
  }

  /** A request whose events could not be decoded or encoded still gets its receive span. */
  private void traceRefused(FullHttpRequest request, Answer answer, Span produce, InvalidEventException e) {
    if (produce != null) {
      tracing.end(produce, e);
    } else {
      IngressMetrics.Target target = answer.target;
      answer.receive = tracing.receive(target.kind(), target.namespace(), target.name(), request.headers(), null);
    }
  }

  /** The events carrying the publish span's trace context, as they are written to Kafka. */
  private List<CloudEvent> carried(Span produce, List<CloudEvent> events) {
    List<CloudEvent> carried = new ArrayList<>(events.size());
    for (CloudEvent event : events) {
      carried.add(tracing.carry(produce, event));
    }
    return carried;
  }

  private static List<ProducerRecord<byte[], byte[]>> toRecords(String topic, boolean structured,
      List<CloudEvent> events) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events.size());
    for (CloudEvent event : events) {
      records.add(structured
          ? CloudEventKafkaCodec.toStructuredRecord(topic, event)
          : CloudEventKafkaCodec.toRecord(topic, event));
    }
    return records;
  }

  /** Runs on the event loop once Kafka answered for every record of the request. */
  private static FullHttpResponse outcome(String path, Exception failure) {
    if (failure == null) {
      return IngressResponses.accepted();
    }
    LOG.debug("Failed to produce events posted to {}", LogText.of(path), failure);
    if (failure instanceof RecordTooLargeException) {
      // Retrying cannot help, so not 503.
      return IngressResponses.text(REQUEST_ENTITY_TOO_LARGE, "event exceeds the Kafka record size limit");
    }
    return IngressResponses.unavailable("events not written to Kafka: " + failure.getClass().getSimpleName());
  }

  private static FullHttpResponse health(HttpMethod method) {
    if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
      return IngressResponses.text(OK, "ok");
    }
    return IngressResponses.methodNotAllowed("GET, HEAD");
  }

  private static FullHttpResponse malformed(Throwable cause) {
    FullHttpResponse response;
    if (cause instanceof TooLongHttpLineException) {
      response = IngressResponses.text(REQUEST_URI_TOO_LONG, "request line too long");
    } else if (cause instanceof TooLongHttpHeaderException) {
      response = IngressResponses.text(REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large");
    } else {
      response = IngressResponses.text(BAD_REQUEST, "malformed HTTP request");
    }
    return IngressResponses.closing(response);
  }
}
