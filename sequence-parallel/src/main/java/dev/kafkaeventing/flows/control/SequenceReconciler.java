package dev.kafkaeventing.flows.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.flows.FlowNames;
import dev.kafkaeventing.flows.FlowPlan;
import dev.kafkaeventing.flows.InvalidFlowException;
import dev.kafkaeventing.flows.SequencePlan;
import java.util.Map;

/**
 * Reconciles Sequences into channels {@code <sequence>-kn-sequence-<i>} and the Subscriptions of
 * the same names (see {@link SequencePlan}); {@code status.address.url} is channel 0's, and
 * {@code status.channelStatuses} / {@code status.subscriptionStatuses} list each step's, as in
 * Knative. Changing a step updates its Subscription in place, so its queued events carry over;
 * adding a step wires the new channel and Subscription before the previous step replies into it.
 */
final class SequenceReconciler extends FlowReconciler {

  SequenceReconciler(ControlPorts context) {
    super(context, ResourceKind.SEQUENCE);
  }

  @Override
  FlowPlan plan(Resource sequence) throws InvalidFlowException {
    return SequencePlan.of(sequence);
  }

  @Override
  void describeChildren(Resource sequence, FlowPlan plan, Map<ResourceKey, Resource> children, StatusBuilder status) {
    ArrayNode channels = JsonNodeFactory.instance.arrayNode();
    for (Resource channel : plan.channels()) {
      channels.add(childStatus("channel", channel, children.get(channel.key())));
    }
    ArrayNode subscriptions = JsonNodeFactory.instance.arrayNode();
    for (int step = 0; step < plan.channels().size(); step++) {
      String name = FlowNames.sequenceSubscription(sequence.metadata().name(), step);
      Resource want = plan.subscriptions().stream()
          .filter(s -> s.metadata().name().equals(name)).findFirst().orElseThrow();
      subscriptions.add(childStatus("subscription", want, children.get(want.key())));
    }
    status.set("channelStatuses", channels).set("subscriptionStatuses", subscriptions);
  }
}
