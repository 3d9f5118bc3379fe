package dev.kafkaeventing.channel;

import dev.kafkaeventing.dispatcher.StreamId;
import java.util.Objects;

/**
 * Names a channel on the data plane: its namespace and name. A {@code Channel} and the
 * KafkaChannel or InMemoryChannel backing it share one id, so they share one topic, one address and
 * one set of Subscriptions. Immutable.
 *
 * @param namespace the channel's namespace (a DNS label: no dots)
 * @param name the channel's name
 */
public record ChannelId(String namespace, String name) {

  /** Prefix of channel topics, as Knative's KafkaChannel names them. */
  public static final String TOPIC_PREFIX = "knative-messaging-kafka.";

  /** First segment of channel ingress paths; broker paths have two segments, so none clash. */
  public static final String PATH_PREFIX = "/channels/";

  public ChannelId {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (namespace.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException("namespace and name must not be empty");
    }
  }

  /** The channel's topic, {@code knative-messaging-kafka.<namespace>.<name>}. */
  public String topic() {
    return TOPIC_PREFIX + namespace + "." + name;
  }

  /** The ingress path events are POSTed to, {@code /channels/<namespace>/<name>}. */
  public String path() {
    return PATH_PREFIX + namespace + "/" + name;
  }

  /** The channel's topic as the dispatcher names it (its topology, state and consumer group). */
  public StreamId stream() {
    return StreamId.channel(namespace, name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
