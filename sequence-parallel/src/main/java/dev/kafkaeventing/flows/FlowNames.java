package dev.kafkaeventing.flows;

/**
 * Names of the channels and Subscriptions a Sequence or Parallel creates: Knative's, so a user
 * finds them where Knative would put them. Stateless.
 */
public final class FlowNames {

  private FlowNames() {}

  /** Channel of step {@code step} (from 0): {@code <sequence>-kn-sequence-<step>}. */
  public static String sequenceChannel(String sequence, int step) {
    return sequence + "-kn-sequence-" + step;
  }

  /** Subscription of step {@code step} to its channel; named like the channel. */
  public static String sequenceSubscription(String sequence, int step) {
    return sequenceChannel(sequence, step);
  }

  /** The channel every event of a Parallel enters: {@code <parallel>-kn-parallel}. */
  public static String parallelIngressChannel(String parallel) {
    return parallel + "-kn-parallel";
  }

  /** The channel of a branch, fed by its filter: {@code <parallel>-kn-parallel-<branch>}. */
  public static String parallelBranchChannel(String parallel, int branch) {
    return parallel + "-kn-parallel-" + branch;
  }

  /** The branch's filter Subscription on the ingress channel: {@code <parallel>-kn-parallel-filter-<branch>}. */
  public static String parallelFilterSubscription(String parallel, int branch) {
    return parallel + "-kn-parallel-filter-" + branch;
  }

  /** The branch's subscriber Subscription: {@code <parallel>-kn-parallel-<branch>}. */
  public static String parallelSubscription(String parallel, int branch) {
    return parallel + "-kn-parallel-" + branch;
  }
}
