package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.dispatcher.RouteStats;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.platform.control.ControlPlane;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/**
 * {@code GET /metrics} in the Prometheus text format: per-Trigger delivery counters and filter
 * evaluation errors. Counters count since this instance started.
 */
public final class MetricsRoutes implements HttpRoutes {

  private final ControlPlane controlPlane;
  private final IntSupplier ingressConnections;

  /** @param ingressConnections the ingress's open connections now */
  public MetricsRoutes(ControlPlane controlPlane, IntSupplier ingressConnections) {
    this.controlPlane = controlPlane;
    this.ingressConnections = ingressConnections;
  }

  @Override
  public HttpAnswer handle(HttpCall call) {
    if (!call.method().equals("GET") || !call.path().equals("/metrics")) {
      return HttpAnswer.text(404, "only GET /metrics is served here");
    }
    StringBuilder text = new StringBuilder();
    Map<ResourceKey, RouteStats> stats = controlPlane.triggerStats();
    counter(text, "kafka_eventing_trigger_delivered_total", "Events accepted by the Trigger's subscriber.", stats, RouteStats::delivered);
    counter(text, "kafka_eventing_trigger_retried_total", "Delivery attempts beyond the first.", stats, RouteStats::retried);
    counter(text, "kafka_eventing_trigger_dead_lettered_total", "Events sent to the dead letter sink.", stats, RouteStats::deadLettered);
    counter(text, "kafka_eventing_trigger_failed_total", "Events whose retries and dead letter sink were exhausted.", stats, RouteStats::failed);
    gauge(text, "kafka_eventing_trigger_pending", "Events queued or in flight.", stats, RouteStats::pending);
    text.append("# HELP kafka_eventing_filter_evaluation_errors_total CESQL/CEL evaluation errors (counted as no match).\n")
        .append("# TYPE kafka_eventing_filter_evaluation_errors_total counter\n")
        .append("kafka_eventing_filter_evaluation_errors_total ").append(EventFilters.evaluationErrors()).append('\n');
    text.append("# HELP kafka_eventing_ingress_connections Ingress connections open now (see --ingress-max-connections).\n")
        .append("# TYPE kafka_eventing_ingress_connections gauge\n")
        .append("kafka_eventing_ingress_connections ").append(ingressConnections.getAsInt()).append('\n');
    return new HttpAnswer(200, "text/plain; version=0.0.4; charset=utf-8", text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void counter(StringBuilder text, String name, String help, Map<ResourceKey, RouteStats> stats,
      ToLongFunction<RouteStats> value) {
    series(text, name, help, "counter", stats, value);
  }

  private static void gauge(StringBuilder text, String name, String help, Map<ResourceKey, RouteStats> stats,
      ToLongFunction<RouteStats> value) {
    series(text, name, help, "gauge", stats, value);
  }

  private static void series(StringBuilder text, String name, String help, String type,
      Map<ResourceKey, RouteStats> stats, ToLongFunction<RouteStats> value) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    stats.forEach((key, s) -> text.append(name)
        .append("{namespace=\"").append(key.namespace()).append("\",trigger=\"").append(key.name()).append("\"} ")
        .append(value.applyAsLong(s)).append('\n'));
  }
}
