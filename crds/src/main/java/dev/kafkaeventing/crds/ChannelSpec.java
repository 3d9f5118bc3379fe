package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Node;

/**
 * The spec of a generic Channel (which channel implementation to create, and its delivery) or of
 * an InMemoryChannel (delivery only). Immutable and thread-safe.
 *
 * @param channelTemplate null when the default channel implementation applies
 * @param delivery null when not given
 */
public record ChannelSpec(ChannelTemplate channelTemplate, DeliverySpec delivery) {

  /** @throws ResourceValidationException when the spec is invalid */
  public static ChannelSpec from(Resource resource) {
    return SpecViews.from(resource, ChannelSpec::read, ResourceKind.CHANNEL,
        ResourceKind.IN_MEMORY_CHANNEL);
  }

  static ChannelSpec read(Node spec) {
    spec.allowOnly("channelTemplate", "subscribers", "delivery");
    int mark = spec.problems().mark();
    ChannelTemplate template = ChannelTemplate.read(spec.field("channelTemplate"));
    DeliverySpec delivery = DeliverySpec.read(spec.field("delivery"));
    return spec.problems().cleanSince(mark) ? new ChannelSpec(template, delivery) : null;
  }
}
