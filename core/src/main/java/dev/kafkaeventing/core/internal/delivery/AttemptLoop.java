package dev.kafkaeventing.core.internal.delivery;

import dev.kafkaeventing.core.CloudEventHttpCodec;
import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.HttpClient;
import dev.kafkaeventing.core.HttpRequest;
import dev.kafkaeventing.core.HttpResponse;
import dev.kafkaeventing.core.InvalidEventException;
import dev.kafkaeventing.core.ReplyHandler;
import dev.kafkaeventing.core.RetryListener;
import dev.kafkaeventing.core.tracing.Tracing;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request to one destination until it is accepted, fails permanently, or the policy's retries
 * are spent, waiting between attempts on the client's timers. One attempt is in flight at a time, so the
 * loop needs no locking; it never blocks. The loop itself is told each attempt's response or failure
 * ({@link #accept}), so an attempt makes no future and no callback of its own.
 */
final class AttemptLoop implements BiConsumer<HttpResponse, Throwable> {

  /** Outcome of the loop: how many attempts ran and the verdict on the last one. */
  record Result(int attempts, Verdict last) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(AttemptLoop.class);

  private final HttpClient client;
  private final HttpRequest request;
  private final DeliveryPolicy policy;
  private final ReplyHandler replies;
  private final RetryListener onRetry;
  /** Why the latest attempt failed; written before the retry is scheduled, read when it starts. */
  private volatile String lastError;
  private final Clock clock;
  private final Tracing tracing;
  /** The trace the attempts continue; null when tracing is off. */
  private final Context trace;
  /** The event's id and the journal's name for these attempts ({@code attempt}, {@code dead-letter}). */
  private final String eventId;
  private final String hop;
  /** Told the loop's result once; set by {@link #run}. */
  private Consumer<Result> whenDone;
  private boolean done;
  /** The attempt in flight and its span; set before it is sent, read when its answer comes. */
  private int attempt;
  private Span span;

  /**
   * @param replies receives a reply event; null accepts any 2xx without looking at the body
   * @param onRetry told as each retry starts (attempt 2 and later)
   */
  AttemptLoop(HttpClient client, HttpRequest request, DeliveryPolicy policy,
              ReplyHandler replies, RetryListener onRetry, Clock clock,
              Tracing tracing, Context trace, String eventId, String hop) {
    this.client = client;
    this.request = request;
    this.policy = policy;
    this.replies = replies;
    this.onRetry = onRetry;
    this.clock = clock;
    this.tracing = tracing;
    this.trace = trace;
    this.eventId = eventId;
    this.hop = hop;
  }

  /** Starts the first attempt; {@code whenDone} is told the result once the loop is over. */
  void run(Consumer<Result> whenDone) {
    this.whenDone = whenDone;
    attempt(1);
  }

  private void finish(Result result) {
    if (!done) {
      done = true;
      whenDone.accept(result);
    }
  }

  private void attempt(int n) {
    if (n > 1) {
      retrying(n);
    }
    Span span = tracing.attempt(trace, request.uri(), n);
    if (trace != null) {
      // One attempt is in flight at a time, so the previous one is done with the headers.
      tracing.inject(span, request.headers(), true);
    }
    this.attempt = n;
    this.span = span;
    try {
      client.send(request, this);
    } catch (RuntimeException e) {
      next(n, Verdict.noResponse(e), span);
    }
  }

  /** The answer to the attempt in flight: its response, or why it got none. */
  @Override
  public void accept(HttpResponse response, Throwable failure) {
    if (failure != null) {
      next(attempt, Verdict.noResponse(failure), span);
    } else {
      onResponse(attempt, response, span);
    }
  }

  private void onResponse(int n, HttpResponse response, Span span) {
    Verdict verdict;
    CloudEvent reply = null;
    try {
      verdict = judge(response);
      if (verdict == null) {
        reply = CloudEventHttpCodec.decodeReply(response.headers(), response.body());
        verdict = reply == null ? Verdict.accepted(response) : null;
      }
    } catch (InvalidEventException | RuntimeException malformed) {
      verdict = Verdict.retryable(response, "malformed reply event: " + Verdict.describe(malformed));
    }
    if (verdict != null) {
      next(n, verdict, span);
    } else {
      handOver(reply, response, span)
          .whenComplete((v, error) -> next(n, error == null ? v : Verdict.noResponse(error), span));
    }
  }

  private void next(int n, Verdict verdict, Span span) {
    String error = verdict.kind() == Verdict.Kind.ACCEPTED ? null : verdict.error();
    tracing.finish(span, verdict.status(), error);
    tracing.attempted(eventId, hop, request.uri(), n, verdict.status(), error);
    if (verdict.kind() != Verdict.Kind.RETRYABLE || n > policy.retry()) {
      finish(new Result(n, verdict));
      return;
    }
    Duration wait = Backoff.before(n, policy, verdict.response(), clock);
    LOG.debug("attempt {} to {} failed ({}); retrying in {}", n, request.uri(), verdict.error(), wait);
    lastError = verdict.error();
    try {
      client.schedule(() -> attempt(n + 1), wait);
    } catch (RuntimeException rejected) {
      // The client is closing: report the last verdict rather than leave the delivery hanging.
      finish(new Result(n, verdict));
    }
  }

  private void retrying(int n) {
    try {
      onRetry.retrying(n, lastError);
    } catch (RuntimeException e) {
      LOG.warn("retry listener failed", e);
    }
  }

  /** The verdict on a response, or null when its body may carry a reply event to look at. */
  private Verdict judge(HttpResponse response) {
    int status = response.status();
    if (!StatusRules.isSuccess(status)) {
      String error = "HTTP " + status + " from " + request.uri();
      return StatusRules.isRetryable(status) ? Verdict.retryable(response, error) : Verdict.permanent(response, error);
    }
    // A 202 only acknowledges; its body is never a reply.
    return replies == null || status == 202 ? Verdict.accepted(response) : null;
  }

  private CompletionStage<Verdict> handOver(CloudEvent reply, HttpResponse response, Span attempt) {
    Span span = tracing.reply(attempt, reply);
    CompletionStage<Void> handled;
    try {
      handled = replies.onReply(tracing.carry(span, reply));
    } catch (RuntimeException e) {
      handled = CompletableFuture.failedFuture(e);
    }
    if (handled == null) {
      handled = CompletableFuture.failedFuture(new IllegalStateException("reply handler returned null"));
    }
    return handled.handle((ok, failure) -> {
      tracing.end(span, failure);
      tracing.replied(eventId, reply, failure);
      return failure == null
          ? Verdict.accepted(response)
          : Verdict.retryable(response, "reply handling failed: " + Verdict.describe(failure));
    });
  }
}
