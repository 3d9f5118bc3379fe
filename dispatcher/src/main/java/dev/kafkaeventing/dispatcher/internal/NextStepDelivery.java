package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.ReplyHandler;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilters;
import io.cloudevents.CloudEvent;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Hands a Sequence step's reply to the next step ({@link ReplyRoute.ToNextStep}): one attempt
 * straight to the only Subscription of the next step's channel, whose own reply goes on the same
 * way, so an event passes a whole Sequence inside the delivery of its first step. That delivery,
 * and so the first channel's entry, settles only once the last step's reply is handled: a crash
 * anywhere in the chain delivers the event again from the first step (at least once, as through
 * the channels).
 *
 * <p>The reply goes to the channel's topic instead (as before, and as Knative does) whenever the
 * next step cannot take it here: its channel's stream is not served on this instance or is
 * stopping, the channel has no or several Subscriptions, the Subscription is ordered or filtered,
 * its window or rate limit is used up, or the attempt failed; that step's delivery spec (retries,
 * dead letter sink, parking) then applies on the channel as for any event of it. The attempt made
 * here counts in the next Subscription's window, rate limit and delivered counter.
 *
 * <p>Stateless and thread-safe. Runs on the HTTP client's
 * event loops and never blocks: the topic write is queued on the reply writer.
 */
final class NextStepDelivery {

  private final DeliveryEngine engine;
  private final Function<StreamId, RouteRegistry> registries;
  private final Function<String, ReplyHandler> toTopic;

  /**
   * @param registries the registry of a stream served on this instance, or null
   * @param toTopic writes a reply to a topic (off the event loops)
   */
  NextStepDelivery(DeliveryEngine engine, Function<StreamId, RouteRegistry> registries,
      Function<String, ReplyHandler> toTopic) {
    this.engine = engine;
    this.registries = registries;
    this.toTopic = toTopic;
  }

  /**
   * Delivers {@code reply} to the next step, or writes it to the step's topic.
   *
   * <p>While the next step runs, the step that replied ({@code from}) lends its window slot: its
   * subscriber is done with the event, so each step's window counts the events at its own
   * subscriber, as through the channels, and not those further down the Sequence (which would hold
   * the first step to its window ÷ the whole Sequence's time). The slot is taken back before the
   * returned future completes, so the delivery that holds it releases it as usual. Every event in
   * the chain holds exactly one step's slot, so the unsettled entries stay bounded by the steps'
   * windows.
   *
   * @param from the route whose subscriber replied
   * @param replyOf what to do with the next step's own reply
   * @return completes once the next step took the event (and its reply was handled) or the reply
   *     was written to the topic; fails when neither happened
   */
  CompletableFuture<Void> hand(Route from, ReplyRoute.ToNextStep step, CloudEvent reply,
      Function<Route, ReplyHandler> replyOf) {
    RouteRegistry registry = registries.apply(step.channel());
    RouteRuntime next = registry == null ? null : soleStep(registry);
    if (next == null || !next.tryAcquire()) {
      return write(step, reply);
    }
    RouteRuntime lender = runtimeOf(from);
    if (lender != null) {
      lender.release();
    }
    Route route = next.route();
    long started = System.nanoTime();
    CompletableFuture<DeliveryOutcome> attempt;
    try {
      attempt = engine.deliver(reply, singleAttempt(route.target()), replyOf.apply(route));
    } catch (RuntimeException e) {
      attempt = CompletableFuture.failedFuture(e);
    }
    return attempt.handle((outcome, error) -> {
      next.release();
      if (lender != null) {
        lender.retake();
      }
      return error == null && outcome.result() == DeliveryOutcome.Result.DELIVERED;
    }).thenCompose(delivered -> {
      if (delivered) {
        next.counters().deliveredInProcess();
        next.deliveryTook(System.nanoTime() - started);
        return CompletableFuture.completedFuture(null);
      }
      return write(step, reply);
    });
  }

  private CompletableFuture<Void> write(ReplyRoute.ToNextStep step, CloudEvent reply) {
    return toTopic.apply(step.topic()).onReply(reply).toCompletableFuture();
  }

  /** The live state of {@code route} on this instance, or null when its stream or it is not served here. */
  private RouteRuntime runtimeOf(Route route) {
    RouteRegistry registry = registries.apply(route.stream());
    return registry == null ? null : registry.get(route.uid());
  }

  /** The channel's only route when the next step may be delivered here, else null. */
  static RouteRuntime soleStep(RouteRegistry registry) {
    if (!registry.isLoaded() || registry.isPaused()) {
      return null;
    }
    Iterator<RouteRuntime> routes = registry.current().byUid().values().iterator();
    if (!routes.hasNext()) {
      return null;
    }
    RouteRuntime only = routes.next();
    Route route = only.route();
    if (routes.hasNext() || route.ordered() || route.filter() != EventFilters.matchAll()) {
      return null;
    }
    return only;
  }

  /** The step's target for one attempt: no retries and no dead letter sink (the channel has those). */
  private static DeliveryTarget singleAttempt(DeliveryTarget target) {
    DeliveryPolicy policy = target.policy();
    if (policy.retry() == 0 && target.deadLetterSink() == null) {
      return target;
    }
    return new DeliveryTarget(target.subscriber(), target.headers(),
        new DeliveryPolicy(0, policy.backoffPolicy(), policy.backoffDelay(), policy.timeout(), policy.backoffMax(),
            policy.retryAfterMax()),
        null, target.subscriberCaCerts(), null, target.identity());
  }
}
