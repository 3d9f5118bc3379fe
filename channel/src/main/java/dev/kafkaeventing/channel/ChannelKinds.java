package dev.kafkaeventing.channel;

import dev.kafkaeventing.crds.ChannelTemplate;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.Optional;
import java.util.Set;

/**
 * Which resource kinds are channels and which of them own a topic. KafkaChannel and InMemoryChannel
 * are both backed by a Kafka topic (an InMemoryChannel here is as durable as a KafkaChannel); a
 * generic {@code Channel} is a facade over one of them, created from its {@code channelTemplate}.
 * Stateless.
 */
public final class ChannelKinds {

  /** The template used when a Channel, Sequence or Parallel names none: a KafkaChannel. */
  public static final ChannelTemplate DEFAULT_TEMPLATE =
      new ChannelTemplate(ResourceKind.KAFKA_CHANNEL.apiVersion(), ResourceKind.KAFKA_CHANNEL.kind(), null);

  private static final Set<ResourceKind> TOPIC_BACKED =
      Set.of(ResourceKind.KAFKA_CHANNEL, ResourceKind.IN_MEMORY_CHANNEL);

  private ChannelKinds() {}

  /** KafkaChannel and InMemoryChannel: kinds with a topic and a data plane of their own. */
  public static boolean isTopicBacked(ResourceKind kind) {
    return TOPIC_BACKED.contains(kind);
  }

  /** Any kind a Subscription may name as its {@code channel}. */
  public static boolean isChannel(ResourceKind kind) {
    return kind == ResourceKind.CHANNEL || isTopicBacked(kind);
  }

  /** Every channel kind, the generic one first. */
  public static Set<ResourceKind> all() {
    return Set.of(ResourceKind.CHANNEL, ResourceKind.KAFKA_CHANNEL, ResourceKind.IN_MEMORY_CHANNEL);
  }

  /**
   * The topic-backed kind a template creates; empty when the template names a kind that is not
   * served (only KafkaChannel and InMemoryChannel are).
   */
  public static Optional<ResourceKind> backingKind(ChannelTemplate template) {
    ChannelTemplate effective = template == null ? DEFAULT_TEMPLATE : template;
    return ResourceKind.of(effective.apiVersion(), effective.kind()).filter(ChannelKinds::isTopicBacked);
  }
}
