package dev.kafkaeventing.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.SequenceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A Sequence as channels and Subscriptions, the way Knative wires it: step {@code i} reads
 * channel {@code <sequence>-kn-sequence-<i>} through the Subscription of the same name, whose
 * reply goes to the next step's channel, and the last step's to the Sequence's {@code reply} (or
 * nowhere). An event whose step replies with nothing ends there. Stateless.
 */
public final class SequencePlan {

  private SequencePlan() {}

  /**
   * @param sequence a stored Sequence (with a uid: the children's owner references name it)
   * @throws InvalidFlowException when the channel template names a kind that is not served
   * @throws dev.kafkaeventing.crds.ResourceValidationException when the spec is invalid
   */
  public static FlowPlan of(Resource sequence) throws InvalidFlowException {
    SequenceSpec spec = SequenceSpec.from(sequence);
    ResourceKind kind = Children.channelKind(spec.channelTemplate());
    String name = sequence.metadata().name();
    ObjectNode raw = sequence.spec();
    JsonNode steps = raw.path("steps");
    int count = spec.steps().size();
    List<Resource> channels = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      channels.add(Children.channel(sequence, kind, spec.channelTemplate(), FlowNames.sequenceChannel(name, i)));
    }
    List<Resource> subscriptions = new ArrayList<>(count);
    for (int i = count - 1; i >= 0; i--) {
      ObjectNode step = (ObjectNode) steps.get(i).deepCopy();
      JsonNode delivery = step.remove("delivery");
      JsonNode reply = i == count - 1
          ? raw.get("reply")
          : Children.channelDestination(sequence, kind, FlowNames.sequenceChannel(name, i + 1));
      subscriptions.add(Children.subscription(sequence, FlowNames.sequenceSubscription(name, i), kind,
          FlowNames.sequenceChannel(name, i), step, null, reply, delivery));
    }
    return new FlowPlan(kind, FlowNames.sequenceChannel(name, 0), channels, subscriptions);
  }
}
