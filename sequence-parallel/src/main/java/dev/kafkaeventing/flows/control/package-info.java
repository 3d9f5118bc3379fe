/**
 * The Sequence and Parallel reconcilers: they write a flow's plan as owned channels and
 * Subscriptions (in readiness order), report each child's readiness and delete what the plan no
 * longer has. The module's one entry is {@link
 * dev.kafkaeventing.flows.control.FlowReconcilers#register}; flows need only the common {@link
 * dev.kafkaeventing.core.control.ControlPorts}.
 */
package dev.kafkaeventing.flows.control;
