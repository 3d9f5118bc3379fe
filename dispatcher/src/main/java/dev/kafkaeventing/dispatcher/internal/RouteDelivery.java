package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.core.ReplyHandler;
import dev.kafkaeventing.core.RetryListener;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Delivers a route's event with the delivery engine and routes the subscriber's reply as the
 * route's {@link ReplyRoute} says (a Sequence step's reply through {@link NextStepDelivery}).
 * Stateless and thread-safe.
 */
final class RouteDelivery implements DeliveryQueue.Delivery {

  private final DeliveryEngine engine;
  private final ReplyHandler toSourceTopic;
  private final Function<String, ReplyHandler> toTopic;
  private final NextStepDelivery nextSteps;

  /** @param registries the registry of a stream served on this instance, or null (a Sequence's next steps) */
  RouteDelivery(DeliveryEngine engine, ReplyHandler toSourceTopic, Function<String, ReplyHandler> toTopic,
      Function<StreamId, RouteRegistry> registries) {
    this.engine = engine;
    this.toSourceTopic = toSourceTopic;
    this.toTopic = toTopic;
    this.nextSteps = new NextStepDelivery(engine, registries, toTopic);
  }

  @Override
  public CompletableFuture<DeliveryOutcome> deliver(Route route, CloudEvent event, RetryListener onRetry) {
    return engine.deliver(event, route.target(), replyHandler(route), onRetry);
  }

  /** Where the replies of {@code route}'s subscriber go. */
  private ReplyHandler replyHandler(Route route) {
    ReplyRoute reply = route.reply();
    if (reply instanceof ReplyRoute.Forward forward) {
      return event -> engine.deliver(event, forward.target(), ReplyHandler.DISCARD).thenAccept(outcome -> {
        if (outcome.result() == DeliveryOutcome.Result.FAILED) {
          // Fails the attempt, so the original event is retried rather than its reply lost.
          throw new CompletionException(new IOException(
              "reply not delivered to " + forward.target().subscriber() + ": " + outcome.lastError()));
        }
      });
    }
    if (reply instanceof ReplyRoute.ToNextStep step) {
      return event -> nextSteps.hand(route, step, event, this::replyHandler);
    }
    if (reply instanceof ReplyRoute.ToTopic topic) {
      return toTopic.apply(topic.topic());
    }
    return reply instanceof ReplyRoute.Discard ? ReplyHandler.DISCARD : toSourceTopic;
  }
}
