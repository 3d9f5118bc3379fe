package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Node;
import java.util.Objects;

/**
 * A Subscription's spec: the channel it subscribes to, the subscriber that processes events,
 * where the subscriber's replies go, and delivery. At least one of subscriber and reply is set
 * (Knative's rule). Immutable and thread-safe.
 *
 * @param subscriber null when events go straight to {@code reply}
 * @param reply null when replies are dropped
 * @param delivery null when not given
 */
public record SubscriptionSpec(KReference channel, Destination subscriber, Destination reply,
    DeliverySpec delivery) {

  public SubscriptionSpec {
    Objects.requireNonNull(channel, "channel");
    if (subscriber == null && reply == null) {
      throw new IllegalArgumentException("a subscription needs a subscriber or a reply");
    }
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static SubscriptionSpec from(Resource resource) {
    return SpecViews.from(resource, SubscriptionSpec::read, ResourceKind.SUBSCRIPTION);
  }

  static SubscriptionSpec read(Node spec) {
    // filters: a kafka-eventing extension (Trigger filter dialects), compiled by the channel module.
    spec.allowOnly("channel", "subscriber", "reply", "delivery", "filters");
    int mark = spec.problems().mark();
    KReference channel = KReference.readRequired(spec.field("channel"));
    Destination subscriber = Destination.read(spec.field("subscriber"));
    Destination reply = Destination.read(spec.field("reply"));
    DeliverySpec delivery = DeliverySpec.read(spec.field("delivery"));
    if (!spec.field("subscriber").isPresent() && !spec.field("reply").isPresent()) {
      spec.error("expected subscriber or reply, got neither");
    }
    return spec.problems().cleanSince(mark)
        ? new SubscriptionSpec(channel, subscriber, reply, delivery)
        : null;
  }
}
