package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.core.ReplyHandler;
import dev.kafkaeventing.core.RetryListener;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Delivers a route's event with the delivery engine and routes the subscriber's reply as the
 * route's {@link ReplyRoute} says. Stateless and thread-safe.
 */
final class RouteDelivery implements DeliveryQueue.Delivery {

  private final DeliveryEngine engine;
  private final ReplyHandler toSourceTopic;
  private final Function<String, ReplyHandler> toTopic;

  RouteDelivery(DeliveryEngine engine, ReplyHandler toSourceTopic, Function<String, ReplyHandler> toTopic) {
    this.engine = engine;
    this.toSourceTopic = toSourceTopic;
    this.toTopic = toTopic;
  }

  @Override
  public CompletableFuture<DeliveryOutcome> deliver(Route route, CloudEvent event, RetryListener onRetry) {
    return engine.deliver(event, route.target(), replyHandler(route.reply()), onRetry);
  }

  private ReplyHandler replyHandler(ReplyRoute reply) {
    if (reply instanceof ReplyRoute.Forward forward) {
      return event -> engine.deliver(event, forward.target(), ReplyHandler.DISCARD).thenAccept(outcome -> {
        if (outcome.result() == DeliveryOutcome.Result.FAILED) {
          // Fails the attempt, so the original event is retried rather than its reply lost.
          throw new CompletionException(new IOException(
              "reply not delivered to " + forward.target().subscriber() + ": " + outcome.lastError()));
        }
      });
    }
    if (reply instanceof ReplyRoute.ToTopic topic) {
      return toTopic.apply(topic.topic());
    }
    return reply instanceof ReplyRoute.Discard ? ReplyHandler.DISCARD : toSourceTopic;
  }
}
