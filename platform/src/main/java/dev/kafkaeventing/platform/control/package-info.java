/**
 * The standalone control plane's kind-neutral part: the reconcile loop with its backoff, {@code
 * NotServed} status for kinds no module serves, the initial-load signal ({@link
 * dev.kafkaeventing.platform.control.ControlPlane}); owner references and the modules' status
 * dependents ({@code StatusDependents}); the one place modules are wired ({@code ControlModules});
 * {@code apply} with its checks on the Kafka names resources derive ({@link
 * dev.kafkaeventing.platform.control.ApplyService}, {@link dev.kafkaeventing.platform.control.DerivedNames});
 * and the receiver's route table. Kind-specific reconcilers live in their kinds' modules.
 */
package dev.kafkaeventing.platform.control;
