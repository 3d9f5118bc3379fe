/**
 * The control-plane SPI both front doors drive: a {@link dev.kafkaeventing.core.control.ResourceRepository}
 * of declared resources and observed statuses with typed {@link dev.kafkaeventing.core.control.ResourceEvent}s
 * (standalone: a compacted Kafka topic; Kubernetes mode: informers), {@link
 * dev.kafkaeventing.core.control.Reconciler}s that each kind's module contributes to a {@link
 * dev.kafkaeventing.core.control.ReconcilerRegistry} (with its {@code describe} details and status
 * dependents), and the narrow ports reconcilers act through ({@link
 * dev.kafkaeventing.core.control.ControlPorts}: {@link dev.kafkaeventing.core.control.StatusWriter},
 * {@link dev.kafkaeventing.core.control.Requeue}). Helpers shared by several kinds live here too:
 * {@link dev.kafkaeventing.core.control.DestinationResolver}, {@link
 * dev.kafkaeventing.core.control.DeliveryPolicies}, {@link dev.kafkaeventing.core.control.OwnedResources}
 * (Channels and flows write the resources they own).
 */
package dev.kafkaeventing.core.control;
