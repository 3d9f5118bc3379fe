package dev.kafkaeventing.core.internal.delivery;

import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.core.DeliveryOutcome.Result;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.HttpClient;
import dev.kafkaeventing.core.OutboundTokens;
import io.netty.handler.codec.http.HttpHeaderNames;
import dev.kafkaeventing.core.HttpRequest;
import dev.kafkaeventing.core.ReplyHandler;
import dev.kafkaeventing.core.RetryListener;
import dev.kafkaeventing.core.tracing.Tracing;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One delivery: the subscriber with retries, then, when that failed and there is one, the dead letter sink
 * with the same policy and the error extensions added. Replies from the dead letter sink are ignored.
 * Runs entirely on the HTTP client's event loops and timers.
 */
public final class DeliveryRun {

  private static final int EXCERPT_BYTES = 1024;
  private static final byte[] NO_EXCERPT = new byte[0];

  private final HttpClient client;
  private final Clock clock;
  private final Tracing tracing;
  private final BinaryRequests requests = new BinaryRequests();
  private final OutboundTokens tokens;

  public DeliveryRun(HttpClient client, Clock clock, Tracing tracing) {
    this(client, clock, tracing, OutboundTokens.NONE);
  }

  /** With the tokens that prove the platform's identity to destinations. */
  public DeliveryRun(HttpClient client, Clock clock, Tracing tracing, OutboundTokens tokens) {
    this.client = client;
    this.clock = clock;
    this.tracing = tracing;
    this.tokens = tokens;
  }

  /**
   * Delivers {@code event} to {@code target}, handing reply events to {@code replies}. The caller's thread
   * only hands the delivery to the event loop serving the subscriber, which encodes and sends it.
   */
  public CompletableFuture<DeliveryOutcome> deliver(CloudEvent event, DeliveryTarget target, ReplyHandler replies,
      RetryListener onRetry) {
    Delivery delivery = new Delivery(event, target, replies == ReplyHandler.DISCARD ? null : replies, onRetry);
    try {
      client.execute(target.subscriber(), delivery);
    } catch (RuntimeException closed) {
      // The client is closing: the attempt fails on this thread and reports why.
      delivery.run();
    }
    return delivery.outcome;
  }

  /**
   * One delivery to the subscriber: the task that starts it on the subscriber's event loop, then what is told
   * the subscriber's result (one object for both, rather than a closure and a future for each delivery).
   */
  private final class Delivery implements Runnable, Consumer<AttemptLoop.Result> {

    private final CloudEvent event;
    private final DeliveryTarget target;
    private final ReplyHandler onReply;
    private final RetryListener onRetry;
    private final CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();

    Delivery(CloudEvent event, DeliveryTarget target, ReplyHandler onReply, RetryListener onRetry) {
      this.event = event;
      this.target = target;
      this.onReply = onReply;
      this.onRetry = onRetry;
    }

    @Override
    public void run() {
      attempts(event, tracing.parentOf(event), "attempt", target.subscriber(), target, onReply, onRetry, this);
    }

    @Override
    public void accept(AttemptLoop.Result subscriber) {
      if (subscriber.last().kind() == Verdict.Kind.ACCEPTED) {
        outcome.complete(outcome(Result.DELIVERED, subscriber, null));
      } else if (target.deadLetterSink() == null) {
        outcome.complete(outcome(Result.FAILED, subscriber, subscriber.last().error()));
      } else {
        toDeadLetterSink(event, target, subscriber, outcome);
      }
    }
  }

  private void toDeadLetterSink(CloudEvent event, DeliveryTarget target, AttemptLoop.Result subscriber,
      CompletableFuture<DeliveryOutcome> outcome) {
    Span deadLetter = tracing.deadLetter(tracing.parentOf(event), event, target.deadLetterSink(), target.subscriber());
    CloudEvent decorated = tracing.carry(deadLetter,
        DeadLetterEvents.decorate(event, target.subscriber(), subscriber.last().response()));
    Context parent = tracing.enabled() ? Context.root().with(deadLetter) : null;
    attempts(decorated, parent, "dead-letter", target.deadLetterSink(), target, null, RetryListener.NONE, sink -> {
      tracing.finish(deadLetter, 0, sink.last().kind() == Verdict.Kind.ACCEPTED ? null : sink.last().error());
      if (sink.last().kind() == Verdict.Kind.ACCEPTED) {
        outcome.complete(outcome(Result.DEAD_LETTERED, subscriber, subscriber.last().error()));
      } else {
        outcome.complete(outcome(Result.FAILED, subscriber,
            subscriber.last().error() + "; dead letter sink: " + sink.last().error()));
      }
    });
  }

  private void attempts(CloudEvent event, Context trace, String hop, URI destination, DeliveryTarget target,
      ReplyHandler onReply, RetryListener onRetry, Consumer<AttemptLoop.Result> whenDone) {
    HttpRequest request;
    try {
      request = requests.build(event, destination, target, trace == null);
      if (target.identity() != null) {
        String token = tokens.tokenFor(target.identity().subject(), target.audienceOf(destination));
        if (token != null) {
          request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
        }
      }
    } catch (RuntimeException unencodable) {
      whenDone.accept(new AttemptLoop.Result(1,
          Verdict.permanent(null, "cannot encode the event: " + Verdict.describe(unencodable))));
      return;
    }
    new AttemptLoop(client, request, target.policy(), onReply, onRetry, clock, tracing, trace, event.getId(), hop)
        .run(whenDone);
  }

  /** The outcome; the body excerpt only when not delivered (a delivered event's body was its reply, handled). */
  private static DeliveryOutcome outcome(Result result, AttemptLoop.Result subscriber, String error) {
    Verdict last = subscriber.last();
    byte[] body = last.response() == null || result == Result.DELIVERED ? NO_EXCERPT : last.response().body();
    return new DeliveryOutcome(result, subscriber.attempts(), last.status(), error,
        body.length == 0 ? NO_EXCERPT : Arrays.copyOf(body, Math.min(EXCERPT_BYTES, body.length)));
  }
}
