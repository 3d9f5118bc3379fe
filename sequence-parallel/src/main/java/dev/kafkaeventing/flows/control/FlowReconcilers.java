package dev.kafkaeventing.flows.control;

import dev.kafkaeventing.channel.control.ChannelReconcilers;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.ResourceKind;

/**
 * The sequence-parallel module's contribution to the control plane: reconcilers of Sequences and
 * Parallels, which own channels and Subscriptions (reconciled by the channel module), and what
 * {@code describe} shows of a flow (its channels and their topics). A flow follows its children
 * through their owner references, which the control plane honours for every kind. Called once,
 * before the control plane starts.
 */
public final class FlowReconcilers {

  private FlowReconcilers() {}

  public static void register(ReconcilerRegistry registry, ControlPorts ports) {
    registry.register(ResourceKind.SEQUENCE, new SequenceReconciler(ports))
        .register(ResourceKind.PARALLEL, new ParallelReconciler(ports));
    registry.registerDetails(ResourceKind.SEQUENCE, ChannelReconcilers.ownedChannels(ports.repository()))
        .registerDetails(ResourceKind.PARALLEL, ChannelReconcilers.ownedChannels(ports.repository()));
  }
}
