/**
 * Sequences and Parallels as plans of the channels and Subscriptions they own ({@link
 * dev.kafkaeventing.flows.SequencePlan}, {@link dev.kafkaeventing.flows.ParallelPlan}, Knative's
 * child names in {@link dev.kafkaeventing.flows.FlowNames}); in {@code flows.control}, their
 * reconcilers. A flow's events travel on its channels, so this module depends on {@code channel},
 * never the other way.
 */
package dev.kafkaeventing.flows;
