package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.dispatcher.DispatchLimits;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.RouteStats;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilters;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each platform instance has its own registry: two in one JVM never share a series. */
class RouteMetricsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldNotShareFilterErrorsWhenTwoInstancesServeTheSameTriggerInOneJvm() throws Exception {
    PrometheusRegistry first = new PrometheusRegistry();
    PrometheusRegistry second = new PrometheusRegistry();
    RouteRegistry one = registry(first);
    RouteRegistry other = registry(second);
    Route route = route();
    one.upsert(route);
    other.upsert(route);

    one.filter(route.uid()).orElseThrow().test(event());
    one.filter(route.uid()).orElseThrow().test(event());
    other.filter(route.uid()).orElseThrow().test(event());

    assertThat(filterErrors(first)).isEqualTo(2);
    assertThat(filterErrors(second)).isEqualTo(1);
  }

  @Test
  void shouldCountFilterErrorsOfTheRouteWhenItsSharedFilterIsEvaluatedThroughTheIndex() throws Exception {
    PrometheusRegistry first = new PrometheusRegistry();
    PrometheusRegistry second = new PrometheusRegistry();
    RouteRegistry one = registry(first);
    RouteRegistry other = registry(second);
    Route route = route();
    one.upsert(route);
    other.upsert(route);

    List<String> matched = new java.util.ArrayList<>();
    one.current().index().forEachMatch(event(), runtime -> matched.add(runtime.uid()));
    one.current().index().forEachMatch(event(), runtime -> matched.add(runtime.uid()));
    one.current().index().forEachMatch(event(), runtime -> matched.add(runtime.uid()));

    assertThat(matched).isEmpty();
    assertThat(filterErrors(first)).isEqualTo(3);
    assertThat(filterErrors(second)).isZero();
  }

  @Test
  void shouldDropTheRouteSeriesWhenTheRouteIsRemoved() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    RouteRegistry routes = registry(registry);
    Route route = route();
    routes.upsert(route);

    routes.remove(route.uid());

    assertThat(snapshot(registry, "kafka_eventing_filter_evaluation_errors").getDataPoints()).isEmpty();
  }

  @Test
  void shouldTimeDeliveriesInTheRouteSeriesWhenTheRouteIsReplaced() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    RouteRegistry routes = registry(registry);
    Route route = route();
    routes.upsert(route);
    routes.get(route.uid()).deliveryTook(1_000_000);

    routes.upsert(new Route(route.uid(), route.namespace(), route.name(), route.stream(), route.filter(),
        route.target(), false, ReplyRoute.DISCARD, new DispatchLimits(5, 0), null));
    routes.get(route.uid()).deliveryTook(2_000_000);

    assertThat(deliveryCounts(registry)).containsExactly(2L);
  }

  @Test
  void shouldNotBringTheSeriesBackWhenADeliveryFinishesAfterTheRouteIsRemoved() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    RouteRegistry routes = registry(registry);
    Route route = route();
    routes.upsert(route);
    RouteRuntime removed = routes.get(route.uid());
    removed.deliveryTook(1_000_000);

    routes.remove(route.uid());
    removed.deliveryTook(1_000_000);
    List<Long> afterRemoval = deliveryCounts(registry);
    routes.upsert(route);
    routes.get(route.uid()).deliveryTook(1_000_000);

    assertThat(afterRemoval).isEmpty();
    assertThat(deliveryCounts(registry)).containsExactly(1L);
  }

  private static List<Long> deliveryCounts(PrometheusRegistry registry) {
    return ((HistogramSnapshot) snapshot(registry, "kafka_eventing_delivery_duration_seconds")).getDataPoints()
        .stream().map(HistogramSnapshot.HistogramDataPointSnapshot::getCount).toList();
  }

  private static RouteRegistry registry(PrometheusRegistry prometheus) {
    RouteRegistry[] routes = new RouteRegistry[1];
    RouteMetrics metrics = new RouteMetrics(prometheus,
        () -> routes[0].current().byUid().values().stream().map(RouteRuntime::route).toList(),
        route -> RouteStats.EMPTY, Map::of);
    routes[0] = new RouteRegistry(10, metrics);
    return routes[0];
  }

  private static Route route() throws Exception {
    DeliveryTarget target = DeliveryTarget.of(URI.create("http://127.0.0.1:1/"), DeliveryPolicy.noRetries(Duration.ofSeconds(1)));
    return new Route("uid-1", "ns", "checked", StreamId.broker("ns", "default"),
        EventFilters.compile(JSON.readTree("[{\"cesql\": \"myext = 'x'\"}]")), target, false, ReplyRoute.DISCARD);
  }

  private static CloudEvent event() {
    return CloudEventBuilder.v1().withId("1").withSource(URI.create("/test")).withType("t").build();
  }

  private static double filterErrors(PrometheusRegistry registry) {
    List<CounterSnapshot.CounterDataPointSnapshot> points =
        ((CounterSnapshot) snapshot(registry, "kafka_eventing_filter_evaluation_errors")).getDataPoints();
    assertThat(points).hasSize(1);
    assertThat(points.get(0).getLabels().get("kind")).isEqualTo("trigger");
    return points.get(0).getValue();
  }

  private static MetricSnapshot snapshot(PrometheusRegistry registry, String name) {
    return registry.scrape().stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }
}
