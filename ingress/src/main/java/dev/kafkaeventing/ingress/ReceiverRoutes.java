package dev.kafkaeventing.ingress;

import java.util.Optional;

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
   * @return the topic to produce to, or empty when no ready target lives at this path (404)
   */
  Optional<String> topicFor(String path);
}
