package dev.kafkaeventing.dispatcher;

import java.util.Objects;

/**
 * Names a stream the dispatcher reads: a Broker's or a channel's topic, by the kind, namespace and
 * name of the resource that owns it. The kind keeps a Broker and a channel of the same name apart
 * (their topologies, state and consumer groups never mix). Immutable.
 *
 * @param kind {@link #BROKER}, {@link #CHANNEL}, {@link #SOURCE} or {@link #KAFKA_SOURCE}; names the application id (see {@link
 *     Dispatcher#applicationId})
 * @param namespace the owner's namespace
 * @param name the owner's name
 */
public record StreamId(String kind, String namespace, String name) {

  /** The kind of a Broker's stream. */
  public static final String BROKER = "broker";
  /** The kind of a channel's stream (KafkaChannel, InMemoryChannel, or a Channel backed by one). */
  public static final String CHANNEL = "channel";
  /**
   * The kind of a source's stream: events a source wrote to a topic of its own (a PingSource's
   * ticks), delivered to its sink. Read with {@code read_committed}: sources write transactionally.
   */
  public static final String SOURCE = "source";

  /** The kind of a KafkaSource's stream: its topics, one route to its sink. */
  public static final String KAFKA_SOURCE = "kafkasource";

  public StreamId {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (!kind.equals(BROKER) && !kind.equals(CHANNEL) && !kind.equals(SOURCE) && !kind.equals(KAFKA_SOURCE)) {
      throw new IllegalArgumentException("kind must be \"" + BROKER + "\", \"" + CHANNEL + "\", \"" + SOURCE
          + "\" or \"" + KAFKA_SOURCE + "\", was \"" + kind + "\"");
    }
  }

  /** A Broker's stream. */
  public static StreamId broker(String namespace, String name) {
    return new StreamId(BROKER, namespace, name);
  }

  /** A KafkaSource's stream. */
  public static StreamId kafkaSource(String namespace, String name) {
    return new StreamId(KAFKA_SOURCE, namespace, name);
  }

  /** A channel's stream. */
  public static StreamId channel(String namespace, String name) {
    return new StreamId(CHANNEL, namespace, name);
  }

  /** A source's stream. */
  public static StreamId source(String namespace, String name) {
    return new StreamId(SOURCE, namespace, name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
