package dev.kafkaeventing.broker;

import dev.kafkaeventing.dispatcher.StreamId;
import java.util.Objects;

/**
 * Names a Broker: its namespace and name. Immutable.
 *
 * @param namespace the Broker's namespace
 * @param name the Broker's name
 */
public record BrokerId(String namespace, String name) {

  public BrokerId {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** The ingress path of this broker, {@code /<namespace>/<name>}. */
  public String path() {
    return "/" + namespace + "/" + name;
  }

  /** The Broker's topic as the dispatcher names it. */
  public StreamId stream() {
    return StreamId.broker(namespace, name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
