package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * A Sequence's spec: steps run one after the other, each receiving the previous step's reply;
 * the last reply goes to {@code reply}. Immutable and thread-safe.
 *
 * @param steps at least one
 * @param channelTemplate null when the default channel implementation applies
 * @param reply null when the last step's reply is dropped
 */
public record SequenceSpec(List<SequenceStep> steps, ChannelTemplate channelTemplate,
    Destination reply) {

  public SequenceSpec {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a sequence needs at least one step");
    }
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static SequenceSpec from(Resource resource) {
    return SpecViews.from(resource, SequenceSpec::read, ResourceKind.SEQUENCE);
  }

  static SequenceSpec read(Node spec) {
    spec.allowOnly("steps", "channelTemplate", "reply");
    int mark = spec.problems().mark();
    Node stepsNode = spec.field("steps");
    List<SequenceStep> steps = new ArrayList<>();
    for (Node step : stepsNode.elements()) {
      steps.add(SequenceStep.read(step));
    }
    if (steps.isEmpty() && (!stepsNode.isPresent() || stepsNode.value().isArray())) {
      stepsNode.error("required: at least one step");
    }
    ChannelTemplate template = ChannelTemplate.read(spec.field("channelTemplate"));
    Destination reply = Destination.read(spec.field("reply"));
    return spec.problems().cleanSince(mark) ? new SequenceSpec(steps, template, reply) : null;
  }
}
