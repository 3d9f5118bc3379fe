package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.RouteStats;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.FilterErrors;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The dispatcher's series in one platform instance's Prometheus registry: per route (Trigger or
 * Subscription) its delivery counters, its events parked now, its delivery latency and its filter
 * evaluation errors.
 *
 * <p>The counters are read from the {@link RouteCounters} at scrape time, so the series follow the
 * routes this instance serves. Triggers keep the names and labels they always had ({@code
 * kafka_eventing_trigger_*{namespace,trigger}}); Subscriptions have the same series as {@code
 * kafka_eventing_subscription_*{namespace,subscription}}. The histogram and the filter errors are
 * labelled {@code kind} ({@code trigger} or {@code subscription}), {@code namespace}, {@code name}.
 *
 * <p>Thread-safe: observed from stream threads and HTTP client threads, read by the metrics
 * server's workers.
 */
public final class RouteMetrics {

  /** Seconds: a delivery runs from milliseconds to minutes (Knative's default retries). */
  private static final double[] DELIVERY_BOUNDS =
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600};

  private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  private final Histogram delivery;
  private final Counter filterErrors;

  /**
   * @param routes the routes served now
   * @param stats a route's counters on this instance
   * @param parked the events parked now per route uid (read from Kafka, so may block)
   */
  public RouteMetrics(PrometheusRegistry registry, Supplier<Collection<Route>> routes,
      Function<Route, RouteStats> stats, Supplier<Map<String, Integer>> parked) {
    for (String kind : new String[] {"trigger", "subscription"}) {
      Series series = new Series(registry, kind, routes, stats);
      series.counter("delivered", "Events accepted by the " + kind + "'s subscriber.", RouteStats::delivered);
      series.counter("retried", "Delivery attempts beyond the first, counted as they start.", RouteStats::retried);
      series.counter("dead_lettered", "Events sent to the dead letter sink.", RouteStats::deadLettered);
      series.counter("failed", "Events whose retries and dead letter sink were exhausted (parked).", RouteStats::failed);
      series.counter("lost", "Queued events whose record was gone from the topic (retention) when read again.",
          RouteStats::lost);
      series.gauge("pending", "Events queued or in flight.", RouteStats::pending);
      GaugeWithCallback.builder()
          .name("kafka_eventing_" + kind + "_parked")
          .help("Events parked for the " + kind + " now, on every instance (redriven and purged ones leave).")
          .labelNames("namespace", kind)
          .callback(callback -> {
            Map<String, Integer> counts = parked.get();
            series.each(route -> callback.call(counts.getOrDefault(route.uid(), 0), route.namespace(), route.name()));
          })
          .register(registry);
    }
    this.delivery = Histogram.builder()
        .name("kafka_eventing_delivery_duration_seconds")
        .help("From the first attempt to the final answer of a delivery (retries, backoff and dead letter sink included).")
        .labelNames("kind", "namespace", "name")
        .classicOnly()
        .classicUpperBounds(DELIVERY_BOUNDS)
        .register(registry);
    this.filterErrors = Counter.builder()
        .name("kafka_eventing_filter_evaluation_errors")
        .help("CESQL/CEL evaluation errors (counted as no match).")
        .labelNames("kind", "namespace", "name")
        .register(registry);
  }

  /** {@code trigger} for a Broker's routes, {@code subscription} for a channel's. */
  public static String kind(Route route) {
    return route.stream().kind().equals(StreamId.BROKER) ? "trigger" : "subscription";
  }

  /** Where the route's compiled filter counts its evaluation errors. */
  public FilterErrors filterErrors(Route route) {
    CounterDataPoint errors = filterErrors.labelValues(kind(route), route.namespace(), route.name());
    return dialect -> errors.inc();
  }

  /** Where a route's delivery times go, looked up once per route rather than per delivery. */
  @FunctionalInterface
  public interface DeliveryTimes {
    DeliveryTimes NONE = nanos -> {};

    /** A delivery took {@code nanos} from its first attempt to its final answer. */
    void took(long nanos);
  }

  /**
   * The route's delivery time series, to be held by the route's runtime while it is served: after
   * {@link #forget} it is no longer exported, and the route's next {@code deliveryTimes} starts a
   * fresh one.
   */
  public DeliveryTimes deliveryTimes(Route route) {
    DistributionDataPoint times = delivery.labelValues(kind(route), route.namespace(), route.name());
    return nanos -> times.observe(nanos / NANOS_PER_SECOND);
  }

  /** The route is gone: its series go too. */
  public void forget(Route route) {
    delivery.remove(kind(route), route.namespace(), route.name());
    filterErrors.remove(kind(route), route.namespace(), route.name());
  }

  /** The per-kind series, read at scrape time. */
  private record Series(PrometheusRegistry registry, String kind, Supplier<Collection<Route>> routes,
      Function<Route, RouteStats> stats) {

    void counter(String name, String help, ToLongFunction<RouteStats> value) {
      CounterWithCallback.builder()
          .name("kafka_eventing_" + kind + "_" + name)
          .help(help)
          .labelNames("namespace", kind)
          .callback(callback -> each(route ->
              callback.call(value.applyAsLong(stats.apply(route)), route.namespace(), route.name())))
          .register(registry);
    }

    void gauge(String name, String help, ToLongFunction<RouteStats> value) {
      GaugeWithCallback.builder()
          .name("kafka_eventing_" + kind + "_" + name)
          .help(help)
          .labelNames("namespace", kind)
          .callback(callback -> each(route ->
              callback.call(value.applyAsLong(stats.apply(route)), route.namespace(), route.name())))
          .register(registry);
    }

    void each(java.util.function.Consumer<Route> action) {
      routes.get().stream().filter(route -> RouteMetrics.kind(route).equals(kind)).forEach(action);
    }
  }
}
