package dev.kafkaeventing.core.internal.delivery;

import dev.kafkaeventing.core.CloudEventHttpCodec;
import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.core.DeliveryOutcome.Result;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.HttpClient;
import dev.kafkaeventing.core.HttpRequest;
import dev.kafkaeventing.core.ReplyHandler;
import io.cloudevents.CloudEvent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One delivery: the subscriber with retries, then, when that failed and there is one, the dead letter sink
 * with the same policy and the error extensions added. Replies from the dead letter sink are ignored.
 * Runs entirely on the HTTP client's event loops and timers.
 */
public final class DeliveryRun {

  private static final int EXCERPT_BYTES = 1024;

  private final HttpClient client;
  private final Clock clock;

  public DeliveryRun(HttpClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Delivers {@code event} to {@code target}, handing reply events to {@code replies}. */
  public CompletableFuture<DeliveryOutcome> deliver(CloudEvent event, DeliveryTarget target, ReplyHandler replies) {
    Function<CloudEvent, CompletionStage<Void>> onReply = replies == ReplyHandler.DISCARD ? null : replies::onReply;
    return attempts(event, target.subscriber(), target, onReply).thenCompose(subscriber -> {
      if (subscriber.last().kind() == Verdict.Kind.ACCEPTED) {
        return CompletableFuture.completedFuture(outcome(Result.DELIVERED, subscriber, null));
      }
      if (target.deadLetterSink() == null) {
        return CompletableFuture.completedFuture(outcome(Result.FAILED, subscriber, subscriber.last().error()));
      }
      CloudEvent decorated = DeadLetterEvents.decorate(event, target.subscriber(), subscriber.last().response());
      return attempts(decorated, target.deadLetterSink(), target, null).thenApply(sink ->
          sink.last().kind() == Verdict.Kind.ACCEPTED
              ? outcome(Result.DEAD_LETTERED, subscriber, subscriber.last().error())
              : outcome(Result.FAILED, subscriber,
                  subscriber.last().error() + "; dead letter sink: " + sink.last().error()));
    });
  }

  private CompletableFuture<AttemptLoop.Result> attempts(CloudEvent event, URI destination, DeliveryTarget target,
      Function<CloudEvent, CompletionStage<Void>> onReply) {
    HttpRequest request;
    try {
      request = request(event, destination, target);
    } catch (RuntimeException unencodable) {
      return CompletableFuture.completedFuture(new AttemptLoop.Result(1,
          Verdict.permanent(null, "cannot encode the event: " + Verdict.describe(unencodable))));
    }
    return new AttemptLoop(client, request, target.policy(), onReply, clock).run();
  }

  private static HttpRequest request(CloudEvent event, URI destination, DeliveryTarget target) {
    HttpHeaders headers = new DefaultHttpHeaders();
    target.headers().forEach(headers::set);
    headers.set("Prefer", "reply");
    byte[] body = CloudEventHttpCodec.encodeBinary(event, headers);
    return HttpRequest.post(destination, headers, body, target.policy().timeout());
  }

  private static DeliveryOutcome outcome(Result result, AttemptLoop.Result subscriber, String error) {
    Verdict last = subscriber.last();
    byte[] body = last.response() == null ? new byte[0] : last.response().body();
    return new DeliveryOutcome(result, subscriber.attempts(), last.status(), error,
        Arrays.copyOf(body, Math.min(EXCERPT_BYTES, body.length)));
  }
}
