package dev.kafkaeventing.flows.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.channel.ChannelKinds;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.OwnedResources;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.Condition;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.ConditionStatus;
import dev.kafkaeventing.crds.Conditions;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.flows.FlowPlan;
import dev.kafkaeventing.flows.InvalidFlowException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Sequence and Parallel reconcilers share: write the flow's channels, then its Subscriptions
 * in the plan's readiness order (each only once the earlier ones are ready at their current
 * generation, so a new or changed wiring is complete before events are sent into it), then delete
 * the children the plan no longer has. The flow's address is its entry channel's; it is Ready when
 * every channel and Subscription is. Deleting the flow deletes what it owns (their reconcilers
 * delete the topics).
 */
abstract class FlowReconciler implements Reconciler {

  static final ConditionSet CONDITIONS = ConditionSet.living("ChannelsReady", "SubscriptionsReady", "Addressable");

  final ControlPorts context;
  final OwnedResources owned;
  private final ResourceKind flowKind;

  FlowReconciler(ControlPorts context, ResourceKind flowKind) {
    this.context = context;
    this.owned = new OwnedResources(context.repository(), context.clock());
    this.flowKind = flowKind;
  }

  abstract FlowPlan plan(Resource flow) throws InvalidFlowException;

  /** Adds the kind's own status fields ({@code channelStatuses}, {@code branchStatuses}...). */
  abstract void describeChildren(Resource flow, FlowPlan plan, Map<ResourceKey, Resource> children, StatusBuilder status);

  @Override
  public void reconcile(Resource flow) throws Exception {
    StatusBuilder status = StatusBuilder.of(flow, CONDITIONS, context.clock())
        .initializeConditions()
        .observedGeneration(flow.metadata().generation());
    FlowPlan plan;
    Map<ResourceKey, Resource> children;
    try {
      plan = plan(flow);
      children = writeChildren(plan);
    } catch (InvalidFlowException e) {
      context.writeStatus(flow, status.markFalse("ChannelsReady", e.reason(), e.getMessage()).addressUrl(null).build());
      return;
    } catch (OwnedResources.ConflictException e) {
      context.writeStatus(flow, status.markFalse("ChannelsReady", "ChildConflict", e.getMessage()).addressUrl(null).build());
      return;
    }
    boolean channelsReady = markAllReady(status, "ChannelsReady", plan.channels(), children);
    boolean subscriptionsReady = markAllReady(status, "SubscriptionsReady", plan.subscriptions(), children);
    Resource entry = children.get(new ResourceKey(plan.channelKind(), flow.metadata().namespace(), plan.entryChannel()));
    String url = entry == null ? "" : entry.status().path("address").path("url").asText("");
    if (url.isEmpty()) {
      status.addressUrl(null).markUnknown("Addressable", "NoAddress", "channel " + plan.entryChannel() + " has no address yet");
    } else {
      status.addressUrl(url).markTrue("Addressable");
    }
    describeChildren(flow, plan, children, status);
    if (channelsReady && subscriptionsReady) {
      deleteStale(flow, plan);
    }
    context.writeStatus(flow, status.build());
  }

  private Map<ResourceKey, Resource> writeChildren(FlowPlan plan) throws Exception {
    Map<ResourceKey, Resource> children = new LinkedHashMap<>();
    for (Resource channel : plan.channels()) {
      children.put(channel.key(), owned.apply(channel));
    }
    boolean earlierReady = true;
    for (Resource subscription : plan.subscriptions()) {
      Optional<Resource> stored = earlierReady
          ? Optional.of(owned.apply(subscription))
          : context.repository().get(subscription.key());
      stored.ifPresent(s -> children.put(s.key(), s));
      earlierReady = earlierReady && stored.map(FlowReconciler::readyAtGeneration).orElse(false);
    }
    return children;
  }

  /** Marks {@code type} True when every wanted child is ready, else after the first one that is not. */
  private static boolean markAllReady(StatusBuilder status, String type, List<Resource> wanted,
      Map<ResourceKey, Resource> children) {
    for (Resource want : wanted) {
      Resource child = children.get(want.key());
      if (child == null) {
        status.markUnknown(type, "NotCreated", want.key() + " is waiting for the children it sends events to");
        return false;
      }
      if (!readyAtGeneration(child)) {
        Optional<Condition> ready = Conditions.find(child.status(), ConditionSet.READY);
        String reason = ready.map(Condition::reason).orElse(null);
        String message = child.key() + " is not ready" + ready.map(Condition::message).map(m -> ": " + m).orElse("");
        if (ready.map(c -> c.status() == ConditionStatus.FALSE).orElse(false)) {
          status.markFalse(type, reason == null ? "NotReady" : reason, message);
        } else {
          status.markUnknown(type, reason == null ? "NotReady" : reason, message);
        }
        return false;
      }
    }
    status.markTrue(type);
    return true;
  }

  static boolean readyAtGeneration(Resource child) {
    return Conditions.isReady(child)
        && child.status().path("observedGeneration").asLong(-1) == child.metadata().generation();
  }

  /** Knative's per-child status: a reference and the child's Ready condition. */
  static ObjectNode childStatus(String refField, Resource want, Resource child) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.putObject(refField)
        .put("apiVersion", want.apiVersion())
        .put("kind", want.kind())
        .put("name", want.metadata().name())
        .put("namespace", want.metadata().namespace());
    Optional<Condition> ready = child == null ? Optional.empty() : Conditions.find(child.status(), ConditionSet.READY);
    entry.set("ready", ready.map(Condition::toJson).orElseGet(() ->
        JsonNodeFactory.instance.objectNode().put("type", ConditionSet.READY).put("status", "Unknown")));
    return entry;
  }

  private void deleteStale(Resource flow, FlowPlan plan) throws Exception {
    List<Resource> stale = new ArrayList<>(owned(flow.metadata().namespace(), flow.metadata().name()));
    stale.removeIf(r -> plan.keys().contains(r.key()));
    for (Resource child : stale) {
      owned.delete(child.key());
    }
  }

  /** What the flow owns, Subscriptions first (deleted before the channels they read). */
  private List<Resource> owned(String namespace, String name) {
    List<ResourceKind> kinds = new ArrayList<>(List.of(ResourceKind.SUBSCRIPTION));
    kinds.addAll(ChannelKinds.all());
    return owned.ownedBy(flowKind, namespace, name, kinds);
  }

  @Override
  public void deleted(ResourceKey key) throws Exception {
    for (Resource child : owned(key.namespace(), key.name())) {
      owned.delete(child.key());
    }
    context.repository().deleteStatus(key);
  }
}
