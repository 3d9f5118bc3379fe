package dev.kafkaeventing.core;

import dev.kafkaeventing.core.internal.delivery.DeliveryRun;
import dev.kafkaeventing.core.tracing.Tracing;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers one event to a subscriber with Knative's semantics: binary content mode with
 * {@code Prefer: reply}; retries of 5xx, 404, 408, 409, 429, connection failures and timeouts with linear
 * or exponential backoff (and {@code Retry-After} on 429/503); reply events handed to a
 * {@link ReplyHandler}; after the last failed attempt the event goes to the dead letter sink with the
 * {@code knativeerrordest}, {@code knativeerrorcode} and {@code knativeerrordata} extensions.
 *
 * <p>Thread-safe and non-blocking: everything runs on the {@link HttpClient}'s event loops and timers, with
 * no thread per delivery. Holds no resources of its own; its lifetime is the client's.
 */
public final class DeliveryEngine {

  private final DeliveryRun run;
  private final Tracing tracing;
  private final HttpClient client;

  public DeliveryEngine(HttpClient client) {
    this(client, Clock.systemUTC());
  }

  /** With the clock used to read {@code Retry-After} dates. */
  public DeliveryEngine(HttpClient client, Clock clock) {
    this(client, clock, Tracing.OFF, OutboundTokens.NONE);
  }

  /**
   * With a span per attempt, reply and dead-letter send, each continuing the trace in the event's
   * {@code traceparent} extension and sending its own context in the outbound {@code traceparent}.
   */
  public DeliveryEngine(HttpClient client, Clock clock, Tracing tracing) {
    this(client, clock, tracing, OutboundTokens.NONE);
  }

  /**
   * With the tokens a delivery carries ({@code Authorization: Bearer}) when its target has an
   * {@link DeliveryTarget#identity() identity}: subscribers, replies and dead letter sinks alike.
   */
  public DeliveryEngine(HttpClient client, Clock clock, OutboundTokens tokens) {
    this(client, clock, Tracing.OFF, tokens);
  }

  /** With both a tracing and outbound tokens. */
  public DeliveryEngine(HttpClient client, Clock clock, Tracing tracing, OutboundTokens tokens) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    this.client = client;
    this.run = new DeliveryRun(Objects.requireNonNull(client, "client"), Objects.requireNonNull(clock, "clock"),
        tracing, Objects.requireNonNull(tokens, "tokens"));
  }

  /**
   * {@code holder} keeps up to {@code window} deliveries in flight to {@code subscriber} (0: none any more):
   * the connections to its host follow (see {@link HttpClient#reserveConnections}).
   */
  public void reserveConnections(URI subscriber, String holder, int window) {
    try {
      client.reserveConnections(subscriber, holder, window);
    } catch (IllegalArgumentException notHttp) {
      // Not an http(s) address: its deliveries fail on their own; there is no connection to keep.
    }
  }

  /** The tracing this engine's deliveries use; the data plane's other hops use the same. */
  public Tracing tracing() {
    return tracing;
  }

  /**
   * Delivers {@code event} to {@code target}. The event is sent as it is: attributes, extensions and data
   * unchanged. The future completes (never exceptionally) once the subscriber or the dead letter sink
   * accepted the event, or every attempt failed; it completes on an event loop.
   */
  public CompletableFuture<DeliveryOutcome> deliver(CloudEvent event, DeliveryTarget target, ReplyHandler replies) {
    return deliver(event, target, replies, RetryListener.NONE);
  }

  /**
   * As {@link #deliver(CloudEvent, DeliveryTarget, ReplyHandler)}, calling {@code onRetry} (when not null)
   * as each retry of the subscriber starts, so that counters see retries while a delivery is still
   * running (with Knative's default policy one delivery can take minutes). Retries of the dead letter sink
   * are not reported. {@code onRetry} runs on an event loop and must not block.
   */
  public CompletableFuture<DeliveryOutcome> deliver(CloudEvent event, DeliveryTarget target, ReplyHandler replies,
      Runnable onRetry) {
    return deliver(event, target, replies,
        onRetry == null ? RetryListener.NONE : (attempt, error) -> onRetry.run());
  }

  /** As {@link #deliver(CloudEvent, DeliveryTarget, ReplyHandler, Runnable)}, telling why the previous attempt failed. */
  public CompletableFuture<DeliveryOutcome> deliver(CloudEvent event, DeliveryTarget target, ReplyHandler replies,
      RetryListener onRetry) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(target, "target");
    return run.deliver(event, target, replies == null ? ReplyHandler.DISCARD : replies,
        onRetry == null ? RetryListener.NONE : onRetry);
  }
}
