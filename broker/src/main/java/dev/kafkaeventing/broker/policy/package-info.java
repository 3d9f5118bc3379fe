/**
 * Publisher authentication and authorization, Knative's way: with {@code authentication-oidc} on,
 * every request to a Broker, channel or KafkaSink carries a bearer token for the target's audience
 * ({@link dev.kafkaeventing.broker.policy.EventPolicyGate}), and EventPolicies (or the default
 * authorization mode) say which subjects may send which events there ({@link
 * dev.kafkaeventing.broker.policy.EventPolicyReconciler} compiles them into a {@link
 * dev.kafkaeventing.broker.policy.PolicyTable} and writes the targets' {@code status.policies}).
 * It lives with the Broker, the first of the targets; channels and sinks share it through their
 * ingress paths.
 */
package dev.kafkaeventing.broker.policy;
