/**
 * The control-plane SPI both front doors drive: a {@link dev.kafkaeventing.core.control.ResourceRepository}
 * of declared resources and observed statuses with typed {@link dev.kafkaeventing.core.control.ResourceEvent}s
 * (standalone: a compacted Kafka topic; Kubernetes mode: informers), {@link
 * dev.kafkaeventing.core.control.Reconciler}s that each kind's module contributes to a {@link
 * dev.kafkaeventing.core.control.ReconcilerRegistry}, and the narrow ports reconcilers act through
 * ({@link dev.kafkaeventing.core.control.StatusWriter}, {@link dev.kafkaeventing.core.control.Requeue}).
 */
package dev.kafkaeventing.core.control;
