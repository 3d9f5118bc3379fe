package dev.kafkaeventing.channel.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.channel.ChannelKinds;
import dev.kafkaeventing.channel.SubscriptionRoute;
import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.control.DeliveryPolicies;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.Conditions;
import dev.kafkaeventing.crds.DeliverySpec;
import dev.kafkaeventing.crds.Destination;
import dev.kafkaeventing.crds.KReference;
import dev.kafkaeventing.crds.OidcIdentities;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.crds.SubscriptionSpec;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.FilterCache;
import dev.kafkaeventing.filter.FilterException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reconciles Subscriptions: finds the channel, resolves {@code subscriber}, {@code reply} and the
 * dead letter sink, picks the delivery (the Subscription's, else the channel's, as a whole) and
 * hands the route to the channel's data plane, where every event of the channel reaches it. A
 * reply goes to {@code reply}, or is dropped without one; a Subscription with only {@code reply}
 * forwards events there as they are. {@code spec.filters} (Trigger's Subscriptions API dialects, a
 * kafka-eventing extension) keep only matching events.
 *
 * <p>A Subscription whose references stop resolving keeps its last route, so events in flight and
 * queued for it are not dropped; its status says what is wrong. Only deleting it, or its channel,
 * removes the route.
 */
final class SubscriptionReconciler implements Reconciler {

  static final ConditionSet CONDITIONS = ConditionSet.living("ChannelReady", "ReferencesResolved", "AddedToChannel");
  /** The same annotation as a Trigger's: {@code ordered} or {@code unordered} (default). */
  static final String DELIVERY_ORDER_ANNOTATION = "kafka.eventing.knative.dev/delivery.order";
  /** A Sequence's step channels are {@code <sequence>-kn-sequence-<n>} (Knative's names). */
  private static final String SEQUENCE_CHANNEL_INFIX = "-kn-sequence-";

  private final ChannelControl context;
  private final Map<ResourceKey, SubscriptionRoute> routes = new ConcurrentHashMap<>();
  private final FilterCache<ResourceKey> filters = new FilterCache<>();

  SubscriptionReconciler(ChannelControl context) {
    this.context = context;
  }

  @Override
  public void reconcile(Resource subscription) {
    StatusBuilder status = StatusBuilder.of(subscription, CONDITIONS, context.clock())
        .initializeConditions()
        .observedGeneration(subscription.metadata().generation());
    SubscriptionSpec spec = SubscriptionSpec.from(subscription);
    Optional<Resource> channel = channel(subscription, spec.channel(), status);
    if (channel.isEmpty()) {
      context.writeStatus(subscription, status.build());
      return;
    }
    Optional<SubscriptionRoute> route = route(subscription, spec, channel.get(), status);
    route.ifPresent(r -> {
      SubscriptionRoute old = routes.put(subscription.key(), r);
      if (old != null && !(old.uid().equals(r.uid()) && old.channel().equals(r.channel()))) {
        // Recreated under the same name: the old incarnation's route goes.
        context.dispatcher().removeRoute(old.channel().stream(), old.uid());
      }
      context.dispatcher().upsertRoute(r.route());
    });
    SubscriptionRoute current = routes.get(subscription.key());
    if (current != null && context.dispatcher().isReady(current.channel().stream())) {
      status.markTrue("AddedToChannel");
    } else if (current != null) {
      status.markUnknown("AddedToChannel", "DispatcherStarting", "the channel's dispatcher is starting");
      context.dispatcher().whenReady(current.channel().stream()).thenRun(() -> context.requeue(subscription.key()));
    }
    context.writeStatus(subscription, status.build());
  }

  /** The subscribed channel when it exists and is ready. */
  private Optional<Resource> channel(Resource subscription, KReference ref, StatusBuilder status) {
    Optional<ResourceKind> kind = ref.resourceKind().filter(ChannelKinds::isChannel);
    if (kind.isEmpty()) {
      status.markFalse("ChannelReady", "ChannelKindNotSupported", "spec.channel: " + ref.apiVersion() + " "
          + ref.kind() + " is not a channel kind served here (Channel, KafkaChannel, InMemoryChannel)");
      return Optional.empty();
    }
    ResourceKey key = new ResourceKey(kind.get(), subscription.metadata().namespace(), ref.name());
    Optional<Resource> channel = context.repository().get(key);
    if (channel.isEmpty()) {
      unroute(subscription.key());
      status.markFalse("ChannelReady", "ChannelNotFound", key + " does not exist");
      return Optional.empty();
    }
    if (!Conditions.isReady(channel.get())) {
      status.markUnknown("ChannelReady", "ChannelNotReady", key + " is not ready");
      return Optional.empty();
    }
    status.markTrue("ChannelReady");
    return channel;
  }

  /**
   * A reply to a channel this platform serves is written straight into that channel's topic: one
   * Kafka write instead of an HTTP round trip through our own ingress. A Sequence step's reply to
   * the next step's channel (owned by the same Sequence) is handed to that step in-process when the
   * dispatcher can ({@link ReplyRoute.ToNextStep}), else written to the topic all the same.
   */
  private static ReplyRoute replyRoute(Resource subscription, SubscriptionSpec spec, String namespace,
      DeliveryTarget overHttp) {
    var ref = spec.reply().ref();
    if (ref != null && spec.reply().uri() == null
        && ref.resourceKind().filter(ChannelKinds::isChannel).isPresent()) {
      ChannelId replyChannel = new ChannelId(ref.namespaceOr(namespace), ref.name());
      return isSequenceStep(subscription, replyChannel)
          ? ReplyRoute.toNextStep(replyChannel.topic(), replyChannel.stream())
          : ReplyRoute.toTopic(replyChannel.topic());
    }
    return ReplyRoute.forward(overHttp);
  }

  /**
   * True for a Subscription a Sequence owns whose reply goes to a step channel of that Sequence
   * ({@code <sequence>-kn-sequence-<n>} in its namespace): not for the Sequence's own {@code reply},
   * which may be a user's channel whose topic must see every event.
   */
  static boolean isSequenceStep(Resource subscription, ChannelId replyChannel) {
    if (!replyChannel.namespace().equals(subscription.metadata().namespace())) {
      return false;
    }
    return subscription.metadata().ownerReferences().stream()
        .anyMatch(owner -> Boolean.TRUE.equals(owner.controller()) && owner.kind().equals("Sequence")
            && owner.apiVersion().startsWith("flows.knative.dev/")
            && replyChannel.name().startsWith(owner.name() + SEQUENCE_CHANNEL_INFIX)
            && isStepNumber(replyChannel.name().substring(owner.name().length() + SEQUENCE_CHANNEL_INFIX.length())));
  }

  private static boolean isStepNumber(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static String caCerts(dev.kafkaeventing.crds.Destination destination) {
    return destination == null ? null : destination.caCerts();
  }

  private Optional<SubscriptionRoute> route(Resource subscription, SubscriptionSpec spec, Resource channel,
      StatusBuilder status) {
    String namespace = subscription.metadata().namespace();
    DeliverySpec delivery = spec.delivery() != null ? spec.delivery() : DeliverySpec.from(channel);
    URI subscriber;
    URI reply;
    URI deadLetterSink;
    try {
      subscriber = resolve(spec.subscriber(), namespace);
      reply = resolve(spec.reply(), namespace);
      deadLetterSink = resolve(delivery == null ? null : delivery.deadLetterSink(), namespace);
    } catch (DestinationResolver.UnresolvedException e) {
      status.markFalse("ReferencesResolved", "ReferencesNotResolved", e.getMessage());
      return Optional.empty();
    }
    EventFilter filter;
    try {
      filter = filters.compile(subscription.key(), subscription.spec().get("filters"));
    } catch (FilterException e) {
      status.markFalse("ReferencesResolved", "FilterInvalid", e.getMessage());
      return Optional.empty();
    }
    status.markTrue("ReferencesResolved").set("physicalSubscription",
        physical(subscriber, reply, deadLetterSink, subscription.spec().get("delivery") != null
            ? subscription.spec().get("delivery") : channel.spec().get("delivery")));
    DeliveryPolicy policy = DeliveryPolicies.from(delivery);
    String subscriberCa = subscriber != null ? caCerts(spec.subscriber()) : caCerts(spec.reply());
    String deadLetterCa = deadLetterSink == null ? null : caCerts(delivery.deadLetterSink());
    String subject = OidcIdentities.subject(ResourceKind.SUBSCRIPTION, namespace, subscription.metadata().name());
    String replyAudience = context.resolver().audience(spec.reply(), namespace);
    DeliveryTarget target = new DeliveryTarget(subscriber != null ? subscriber : reply, Map.of(), policy, deadLetterSink,
        new DeliveryTarget.Identity(subject,
            subscriber != null ? context.resolver().audience(spec.subscriber(), namespace) : replyAudience,
            context.resolver().audience(delivery == null ? null : delivery.deadLetterSink(), namespace)))
        .withCaCerts(subscriberCa, deadLetterCa);
    ReplyRoute replies = subscriber == null || reply == null
        ? ReplyRoute.DISCARD
        : replyRoute(subscription, spec, namespace, new DeliveryTarget(reply, Map.of(), policy, null,
            new DeliveryTarget.Identity(subject, replyAudience, null)).withCaCerts(caCerts(spec.reply()), null));
    boolean ordered = subscription.metadata().annotation(DELIVERY_ORDER_ANNOTATION)
        .map("ordered"::equals).orElse(false);
    ChannelId channelId = new ChannelId(namespace, channel.metadata().name());
    return Optional.of(new SubscriptionRoute(subscription.metadata().uid(), namespace,
        subscription.metadata().name(), channelId, filter, target, ordered, replies));
  }

  private URI resolve(Destination destination, String namespace) throws DestinationResolver.UnresolvedException {
    return destination == null ? null : context.resolver().resolve(destination, namespace);
  }

  private static ObjectNode physical(URI subscriber, URI reply, URI deadLetterSink, JsonNode delivery) {
    ObjectNode physical = JsonNodeFactory.instance.objectNode();
    if (subscriber != null) {
      physical.put("subscriberUri", subscriber.toString());
    }
    if (reply != null) {
      physical.put("replyUri", reply.toString());
    }
    if (deadLetterSink != null) {
      physical.put("deadLetterSinkUri", deadLetterSink.toString());
    }
    if (delivery != null) {
      physical.set("delivery", delivery.deepCopy());
    }
    return physical;
  }

  private void unroute(ResourceKey key) {
    SubscriptionRoute old = routes.remove(key);
    if (old != null) {
      context.dispatcher().removeRoute(old.channel().stream(), old.uid());
    }
  }

  /** The route of a Subscription, for {@code describe}. */
  Optional<SubscriptionRoute> routeOf(ResourceKey key) {
    return Optional.ofNullable(routes.get(key));
  }

  @Override
  public void deleted(ResourceKey key) {
    unroute(key);
    filters.forget(key);
    context.repository().deleteStatus(key);
  }
}
