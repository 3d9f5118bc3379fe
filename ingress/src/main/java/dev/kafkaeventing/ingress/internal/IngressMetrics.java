package dev.kafkaeventing.ingress.internal;

import dev.kafkaeventing.ingress.ReceiverRoutes;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The receiver's series in one platform instance's Prometheus registry: requests answered by
 * target and status code, the time from a request to its 202, and the connections open now.
 *
 * <p>Requests are labelled {@code kind} ({@code broker} or {@code channel}), {@code namespace},
 * {@code name} and {@code code}. A path where no ready Broker or channel lives is labelled {@code
 * kind="unknown"} with empty names, so arbitrary paths cannot grow the series without bound.
 * Thread-safe; called on the event loops (no blocking: the client's counters are lock-free).
 */
public final class IngressMetrics {

  /** Seconds: a publish takes Kafka's acknowledgement, normally milliseconds. */
  private static final double[] PUBLISH_BOUNDS =
      {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  /** The labels of a request's target. */
  public record Target(String kind, String namespace, String name) {
    static final Target UNKNOWN = new Target("unknown", "", "");
  }

  private final Counter requests;
  private final Histogram published;
  /**
   * The 202 series of each target seen, so an accepted request looks up one map entry instead of
   * building two label lists. Bounded by the targets that ever had a route (unknown paths share
   * one entry); never removed, as the series themselves are never removed.
   */
  private final ConcurrentHashMap<Target, AcceptedSeries> acceptedSeries = new ConcurrentHashMap<>();

  /** A target's 202 count and publish time. */
  private record AcceptedSeries(CounterDataPoint count, DistributionDataPoint duration) {
    /** A request was answered 202 {@code nanos} after it was read. */
    void accepted(long nanos) {
      count.inc();
      duration.observe(nanos / NANOS_PER_SECOND);
    }
  }

  private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  /** @param connections the ingress's open connections now */
  public IngressMetrics(PrometheusRegistry registry, IntSupplier connections) {
    this.requests = Counter.builder()
        .name("kafka_eventing_ingress_requests")
        .help("Requests to a Broker or channel answered by the ingress, by status code.")
        .labelNames("kind", "namespace", "name", "code")
        .register(registry);
    this.published = Histogram.builder()
        .name("kafka_eventing_ingress_publish_duration_seconds")
        .help("From a request read whole to its 202 (Kafka acknowledged every event).")
        .labelNames("kind", "namespace", "name")
        .classicOnly()
        .classicUpperBounds(PUBLISH_BOUNDS)
        .register(registry);
    GaugeWithCallback.builder()
        .name("kafka_eventing_ingress_connections")
        .help("Ingress connections open now (see --ingress-max-connections).")
        .callback(callback -> callback.call(connections.getAsInt()))
        .register(registry);
  }

  /**
   * The target at a request path: named when a ready Broker or channel lives there ({@code
   * served}: {@link ReceiverRoutes#topicFor} knows the path).
   */
  static Target target(String path, boolean served) {
    if (!served) {
      return Target.UNKNOWN;
    }
    boolean channel = path.startsWith("/channels/");
    String[] parts = path.substring(channel ? "/channels/".length() : 1).split("/");
    return parts.length == 2 ? new Target(channel ? "channel" : "broker", parts[0], parts[1]) : Target.UNKNOWN;
  }

  /** A request to {@code target} was answered {@code code}, {@code nanos} after it was read. */
  void answered(Target target, int code, long nanos) {
    if (code == 202) {
      acceptedSeries(target).accepted(nanos);
      return;
    }
    requests.labelValues(target.kind(), target.namespace(), target.name(), Integer.toString(code)).inc();
  }

  /** The 202 series of {@code target}; the same object for as long as this instance lives. */
  private AcceptedSeries acceptedSeries(Target target) {
    AcceptedSeries series = acceptedSeries.get(target);
    if (series == null) {
      series = acceptedSeries.computeIfAbsent(target, t -> new AcceptedSeries(
          requests.labelValues(t.kind(), t.namespace(), t.name(), "202"),
          published.labelValues(t.kind(), t.namespace(), t.name())));
    }
    return series;
  }
}
