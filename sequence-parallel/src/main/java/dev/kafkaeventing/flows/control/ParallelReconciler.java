package dev.kafkaeventing.flows.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.flows.FlowNames;
import dev.kafkaeventing.flows.FlowPlan;
import dev.kafkaeventing.flows.InvalidFlowException;
import dev.kafkaeventing.flows.ParallelPlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciles Parallels into an ingress channel, per-branch filter and subscriber Subscriptions and
 * branch channels (see {@link ParallelPlan}); {@code status.address.url} is the ingress channel's,
 * and {@code status.ingressChannelStatus} / {@code status.branchStatuses} report each part, as in
 * Knative.
 */
final class ParallelReconciler extends FlowReconciler {

  ParallelReconciler(ControlPorts context) {
    super(context, ResourceKind.PARALLEL);
  }

  @Override
  FlowPlan plan(Resource parallel) throws InvalidFlowException {
    return ParallelPlan.of(parallel);
  }

  @Override
  void describeChildren(Resource parallel, FlowPlan plan, Map<ResourceKey, Resource> children, StatusBuilder status) {
    String name = parallel.metadata().name();
    Resource ingress = plan.channels().get(0);
    status.set("ingressChannelStatus", childStatus("channel", ingress, children.get(ingress.key())));
    ArrayNode branches = JsonNodeFactory.instance.arrayNode();
    int count = parallel.spec().path("branches").size();
    for (int i = 0; i < count; i++) {
      ObjectNode branch = branches.addObject();
      find(plan.subscriptions(), FlowNames.parallelFilterSubscription(name, i)).ifPresent(want ->
          branch.set("filterSubscriptionStatus", childStatus("subscription", want, children.get(want.key()))));
      find(plan.channels(), FlowNames.parallelBranchChannel(name, i)).ifPresent(want ->
          branch.set("filterChannelStatus", childStatus("channel", want, children.get(want.key()))));
      find(plan.subscriptions(), FlowNames.parallelSubscription(name, i)).ifPresent(want ->
          branch.set("subscriberSubscriptionStatus", childStatus("subscription", want, children.get(want.key()))));
    }
    status.set("branchStatuses", branches);
  }

  /** The planned child of that name (a branch without its own channel has none of the branch's channel). */
  private static Optional<Resource> find(List<Resource> planned, String name) {
    return planned.stream().filter(r -> r.metadata().name().equals(name)).findFirst();
  }
}
