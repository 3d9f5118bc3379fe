package dev.kafkaeventing.platform;

import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.ServingBridge;
import dev.kafkaeventing.serving.autoscaler.Autoscaler;
import dev.kafkaeventing.serving.autoscaler.ScaleDecision;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The autoscaler's series per revision, read at scrape time: {@code kafka_eventing_revision_desired_replicas},
 * {@code _ready_replicas}, {@code _panic} (1 in panic mode), {@code _stable_average}, {@code _panic_average}
 * (the revision's metric: concurrency or requests per second) and {@code _pending_events}, labelled
 * {@code namespace}, {@code revision}.
 */
final class ServingMetrics {

  private ServingMetrics() {}

  static void register(PrometheusRegistry registry, ServingBridge serving) {
    gauge(registry, serving, "desired_replicas", "Replicas the autoscaler wants.", s -> s.desired());
    gauge(registry, serving, "ready_replicas", "Ready replicas at the last decision.",
        s -> s.decision() == null ? 0 : s.decision().ready());
    gauge(registry, serving, "panic", "1 while the autoscaler is in panic mode.",
        s -> s.decision() != null && s.decision().mode() == ScaleDecision.Mode.PANIC ? 1 : 0);
    gauge(registry, serving, "stable_average", "The metric averaged over the stable window (NaN before data).",
        s -> s.decision() == null ? Double.NaN : s.decision().stableAverage());
    gauge(registry, serving, "panic_average", "The metric averaged over the panic window (NaN before data).",
        s -> s.decision() == null ? Double.NaN : s.decision().panicAverage());
    gauge(registry, serving, "pending_events", "Events pending for routes to the revision.",
        s -> s.decision() == null ? 0 : s.decision().pending());
  }

  private static void gauge(PrometheusRegistry registry, ServingBridge serving, String name, String help,
      ToDoubleFunction<Autoscaler.Status> value) {
    GaugeWithCallback.builder()
        .name("kafka_eventing_revision_" + name)
        .help(help)
        .labelNames("namespace", "revision")
        .callback(callback -> {
          for (Map.Entry<RevisionId, Autoscaler.Status> entry : serving.autoscaling().entrySet()) {
            callback.call(value.applyAsDouble(entry.getValue()), entry.getKey().namespace(), entry.getKey().name());
          }
        })
        .register(registry);
  }
}
