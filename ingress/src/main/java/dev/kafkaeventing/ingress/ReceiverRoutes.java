package dev.kafkaeventing.ingress;

import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;

/**
 * Where a receiver path sends events: resolves a Broker's or channel's path (a Broker's
 * {@code /<namespace>/<name>}, a channel's {@code /channels/<namespace>/<name>}) to a Kafka
 * topic when the target exists and is ready.
 *
 * <p>Implemented by the control plane. Called on a Netty event loop for every request, so it must
 * be cheap (a map lookup, no I/O, no locks held long) and thread-safe.
 */
@FunctionalInterface
public interface ReceiverRoutes {

  /**
   * @param path the request path without query string, as sent (not percent-decoded), e.g.
   *     {@code /default/my-broker}
   * @return the topic to produce to, or empty when no ready target lives at this path
   */
  Optional<String> topicFor(String path);

  /**
   * Whether a target that {@link #topicFor} does not serve (yet) may still live at this path: it is
   * declared but not ready, or the routes are still loading. The ingress then answers 503 with
   * {@code Retry-After}, which clients retry, instead of 404, which they take as permanent.
   *
   * @param path as for {@link #topicFor}
   */
  default boolean isPending(String path) {
    return false;
  }

  /**
   * Whether events posted to this path are written in the structured content mode of the Kafka
   * binding (a KafkaSink with {@code contentMode: structured}) rather than binary mode.
   *
   * @param path as for {@link #topicFor}
   */
  default boolean writesStructured(String path) {
    return false;
  }

  /**
   * Kafka acknowledged {@code events}, posted to {@code path} (what an event-type registry
   * observes). Called on the event loop: must be cheap and never block.
   *
   * @param path as for {@link #topicFor}
   */
  default void accepted(String path, List<CloudEvent> events) {}

  /**
   * The producer of a path whose target lives on another Kafka cluster (a KafkaSink with its own
   * {@code bootstrapServers}); null for the receiver's own producer. Called on the event loop: a
   * map lookup.
   *
   * @param path as for {@link #topicFor}
   */
  default Producer<byte[], byte[]> producerFor(String path) {
    return null;
  }
}
