/**
 * Knative's KPA for the serving bridge: {@link dev.kafkaeventing.serving.autoscaler.AutoscalerSettings}
 * (from {@code config-autoscaler} and {@code autoscaling.knative.dev/*} annotations), the per-second
 * {@link dev.kafkaeventing.serving.autoscaler.MetricWindow} and the pure
 * {@link dev.kafkaeventing.serving.autoscaler.KpaDecider}.
 */
package dev.kafkaeventing.serving.autoscaler;
