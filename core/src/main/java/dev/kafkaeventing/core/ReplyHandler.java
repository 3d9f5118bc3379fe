package dev.kafkaeventing.core;

import io.cloudevents.CloudEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Receives the event a subscriber replied with. Called on an HTTP client event loop: must not block.
 * The returned stage completing exceptionally (e.g. writing the reply to Kafka failed) makes the attempt
 * count as failed, so the event is delivered again.
 */
@FunctionalInterface
public interface ReplyHandler {

  /** Ignores replies. With this handler the engine does not even decode response bodies. */
  ReplyHandler DISCARD = reply -> CompletableFuture.completedFuture(null);

  CompletionStage<Void> onReply(CloudEvent reply);
}
