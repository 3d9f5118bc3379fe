package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * A Parallel's spec: every branch receives each event. Immutable and thread-safe.
 *
 * @param branches at least one
 * @param channelTemplate null when the default channel implementation applies
 * @param reply where branch replies go when a branch has no reply of its own; may be null
 */
public record ParallelSpec(List<ParallelBranch> branches, ChannelTemplate channelTemplate,
    Destination reply) {

  public ParallelSpec {
    branches = List.copyOf(branches);
    if (branches.isEmpty()) {
      throw new IllegalArgumentException("a parallel needs at least one branch");
    }
  }

  /** @throws ResourceValidationException when the spec is invalid */
  public static ParallelSpec from(Resource resource) {
    return SpecViews.from(resource, ParallelSpec::read, ResourceKind.PARALLEL);
  }

  static ParallelSpec read(Node spec) {
    spec.allowOnly("branches", "channelTemplate", "reply");
    int mark = spec.problems().mark();
    Node branchesNode = spec.field("branches");
    List<ParallelBranch> branches = new ArrayList<>();
    for (Node branch : branchesNode.elements()) {
      branches.add(ParallelBranch.read(branch));
    }
    if (branches.isEmpty() && (!branchesNode.isPresent() || branchesNode.value().isArray())) {
      branchesNode.error("required: at least one branch");
    }
    ChannelTemplate template = ChannelTemplate.read(spec.field("channelTemplate"));
    Destination reply = Destination.read(spec.field("reply"));
    return spec.problems().cleanSince(mark) ? new ParallelSpec(branches, template, reply) : null;
  }
}
