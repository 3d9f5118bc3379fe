package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.crds.OidcIdentities;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.control.DeliveryPolicies;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.BrokerSpec;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.Conditions;
import dev.kafkaeventing.crds.DeliverySpec;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.crds.TriggerSpec;
import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.FilterCache;
import dev.kafkaeventing.filter.FilterException;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciles Triggers: resolves the subscriber and dead letter sink, picks the delivery spec
 * (the Trigger's replaces the Broker's as a whole), compiles the filter (once per change of it), and
 * hands the route, filter compiled, to the broker's data plane.
 * A Trigger may exist before its Broker; it becomes Ready when the Broker does.
 */
final class TriggerReconciler implements Reconciler {

  /** Also read by Subscriptions. */
  static final String DELIVERY_ORDER_ANNOTATION = TriggerAnnotations.DELIVERY_ORDER;
  static final ConditionSet CONDITIONS =
      ConditionSet.living("BrokerReady", "SubscriberResolved", "DeadLetterSinkResolved", "DependencyReady");

  private final BrokerControl context;
  private final Map<ResourceKey, Route> routes = new ConcurrentHashMap<>();
  private final FilterCache<ResourceKey> filters = new FilterCache<>();

  TriggerReconciler(BrokerControl context) {
    this.context = context;
  }

  @Override
  public void reconcile(Resource trigger) throws Exception {
    StatusBuilder status = StatusBuilder.of(trigger, CONDITIONS, context.clock())
        .initializeConditions()
        .observedGeneration(trigger.metadata().generation());
    Optional<Route> route = route(trigger, status);
    if (route.isEmpty()) {
      unroute(trigger.key());
    } else {
      routes.put(trigger.key(), route.get());
      context.dispatcher().upsertRoute(route.get());
      StreamId broker = route.get().stream();
      if (context.dispatcher().isReady(broker)) {
        status.markTrue("DependencyReady");
      } else {
        status.markUnknown("DependencyReady", "DispatcherNotReady", "the broker's dispatcher is starting");
        context.dispatcher().whenReady(broker).thenRun(() -> context.requeue(trigger.key()));
      }
    }
    context.writeStatus(trigger, status.build());
  }

  private Optional<Route> route(Resource trigger, StatusBuilder status) {
    TriggerSpec spec = TriggerSpec.from(trigger);
    String namespace = trigger.metadata().namespace();
    ResourceKey brokerKey = new ResourceKey(ResourceKind.BROKER, namespace, spec.broker());
    Optional<Resource> broker = context.repository().get(brokerKey);
    if (broker.isEmpty()) {
      status.markFalse("BrokerReady", "BrokerDoesNotExist", "Broker \"" + spec.broker() + "\" does not exist");
      return Optional.empty();
    }
    if (!Conditions.isReady(broker.get())) {
      status.markFalse("BrokerReady", "BrokerNotReady", "Broker \"" + spec.broker() + "\" is not ready");
      return Optional.empty();
    }
    status.markTrue("BrokerReady");
    URI subscriber;
    try {
      subscriber = context.resolver().resolve(spec.subscriber(), namespace);
    } catch (DestinationResolver.UnresolvedException e) {
      status.markFalse("SubscriberResolved", "SubscriberNotResolved", e.getMessage());
      return Optional.empty();
    }
    status.markTrue("SubscriberResolved").put("subscriberUri", subscriber.toString());
    DeliverySpec delivery = spec.delivery() != null ? spec.delivery() : BrokerSpec.from(broker.get()).delivery();
    URI deadLetterSink = null;
    if (delivery != null && delivery.deadLetterSink() != null) {
      try {
        deadLetterSink = context.resolver().resolve(delivery.deadLetterSink(), namespace);
        status.put("deadLetterSinkUri", deadLetterSink.toString());
      } catch (DestinationResolver.UnresolvedException e) {
        status.markFalse("DeadLetterSinkResolved", "DeadLetterSinkNotResolved", e.getMessage());
        return Optional.empty();
      }
    }
    status.markTrue("DeadLetterSinkResolved");
    EventFilter filter;
    try {
      filter = filters.forTrigger(trigger.key(), trigger.spec().get("filter"), trigger.spec().get("filters"));
    } catch (FilterException e) {
      status.markFalse("DependencyReady", "FilterInvalid", e.getMessage());
      return Optional.empty();
    }
    TriggerAnnotations annotations;
    try {
      annotations = TriggerAnnotations.of(trigger.metadata());
    } catch (IllegalArgumentException e) {
      status.markFalse("DependencyReady", "InvalidAnnotation", e.getMessage());
      return Optional.empty();
    }
    DeliveryTarget target = new DeliveryTarget(subscriber, Map.of("Kn-Namespace", namespace),
        DeliveryPolicies.from(delivery), deadLetterSink, new DeliveryTarget.Identity(
            OidcIdentities.subject(ResourceKind.TRIGGER, namespace, trigger.metadata().name()),
            context.resolver().audience(spec.subscriber(), namespace),
            context.resolver().audience(delivery == null ? null : delivery.deadLetterSink(), namespace)))
        .withCaCerts(spec.subscriber().caCerts(), deadLetterSink == null ? null : delivery.deadLetterSink().caCerts());
    return Optional.of(new Route(trigger.metadata().uid(), namespace, trigger.metadata().name(),
        StreamId.broker(namespace, spec.broker()), filter, target, annotations.ordered(), ReplyRoute.TO_SOURCE_TOPIC, annotations.limits(), annotations.startFrom()));
  }

  private void unroute(ResourceKey key) {
    Route old = routes.remove(key);
    if (old != null) {
      context.dispatcher().removeRoute(old.stream(), old.uid());
    }
  }

  /** The routes of every Trigger this instance serves, for metrics. */
  java.util.Collection<Route> allRoutes() {
    return java.util.List.copyOf(routes.values());
  }

  /** The route of a Trigger, for {@code describe}. */
  Optional<Route> routeOf(ResourceKey key) {
    return Optional.ofNullable(routes.get(key));
  }

  @Override
  public void deleted(ResourceKey key) {
    unroute(key);
    filters.forget(key);
    context.repository().deleteStatus(key);
  }
}
