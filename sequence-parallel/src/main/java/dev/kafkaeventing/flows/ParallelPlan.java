package dev.kafkaeventing.flows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.crds.ParallelBranch;
import dev.kafkaeventing.crds.ParallelSpec;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A Parallel as channels and Subscriptions. Knative's wiring for a branch with a {@code filter}
 * destination (or none): the filter Subscription {@code <parallel>-kn-parallel-filter-<i>} reads the
 * ingress channel {@code <parallel>-kn-parallel}, calls the filter and sends what it returns to the
 * branch channel {@code <parallel>-kn-parallel-<i>} (an empty answer drops the event), where the
 * Subscription {@code <parallel>-kn-parallel-<i>} calls the branch's subscriber and sends its reply to
 * the branch's {@code reply}, else the Parallel's.
 *
 * <p>A branch with {@code filters} only (a kafka-eventing extension) needs neither filter call nor
 * branch channel: its Subscription {@code <parallel>-kn-parallel-<i>} reads the ingress channel and
 * evaluates the filters in-process. With both {@code filter} and {@code filters}, the filters run
 * on the filter Subscription, before the filter is called. Stateless.
 */
public final class ParallelPlan {

  private ParallelPlan() {}

  /**
   * @param parallel a stored Parallel (with a uid: the children's owner references name it)
   * @throws InvalidFlowException when the channel template is not served or filters are invalid
   * @throws dev.kafkaeventing.crds.ResourceValidationException when the spec is invalid
   */
  public static FlowPlan of(Resource parallel) throws InvalidFlowException {
    ParallelSpec spec = ParallelSpec.from(parallel);
    ResourceKind kind = Children.channelKind(spec.channelTemplate());
    String name = parallel.metadata().name();
    String ingress = FlowNames.parallelIngressChannel(name);
    JsonNode branches = parallel.spec().path("branches");
    JsonNode parallelReply = parallel.spec().get("reply");
    List<Resource> channels = new ArrayList<>();
    channels.add(Children.channel(parallel, kind, spec.channelTemplate(), ingress));
    List<Resource> subscribers = new ArrayList<>();
    List<Resource> filters = new ArrayList<>();
    for (int i = 0; i < spec.branches().size(); i++) {
      ParallelBranch branch = spec.branches().get(i);
      JsonNode raw = branches.get(i);
      JsonNode reply = raw.hasNonNull("reply") ? raw.get("reply") : parallelReply;
      if (branch.filters() != null) {
        Children.checkFilters(branch.filters(), "spec.branches[" + i + "].filters");
      }
      String subscription = FlowNames.parallelSubscription(name, i);
      if (branch.filter() == null && branch.filters() != null) {
        subscribers.add(Children.subscription(parallel, subscription, kind, ingress,
            raw.get("subscriber"), branch.filters(), reply, raw.get("delivery")));
        continue;
      }
      String branchChannel = FlowNames.parallelBranchChannel(name, i);
      channels.add(Children.channel(parallel, kind, spec.channelTemplate(), branchChannel));
      subscribers.add(Children.subscription(parallel, subscription, kind, branchChannel,
          raw.get("subscriber"), null, reply, raw.get("delivery")));
      filters.add(Children.subscription(parallel, FlowNames.parallelFilterSubscription(name, i), kind,
          ingress, raw.get("filter"), branch.filters(),
          Children.channelDestination(parallel, kind, branchChannel), null));
    }
    List<Resource> subscriptions = new ArrayList<>(subscribers);
    subscriptions.addAll(filters);
    return new FlowPlan(kind, ingress, channels, subscriptions);
  }
}
