package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilter;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The registry routes and replays with the filter the route carries, as the control plane compiled it. */
class RouteRegistryTest {

  @Test
  void shouldEvaluateTheRoutesOwnFilterWhenRoutingAndReplaying() {
    AtomicInteger evaluations = new AtomicInteger();
    EventFilter compiled = event -> {
      evaluations.incrementAndGet();
      return event.getType().equals("wanted");
    };
    Route route = route(compiled);
    RouteRegistry registry = new RouteRegistry(10);

    registry.upsert(route);
    List<String> matched = new ArrayList<>();
    registry.current().index().forEachMatch(event("wanted"), runtime -> matched.add(runtime.uid()));
    registry.current().index().forEachMatch(event("other"), runtime -> matched.add(runtime.uid()));
    boolean replayed = registry.filter(route.uid()).orElseThrow().test(event("wanted"));

    assertThat(registry.get(route.uid()).route().filter()).isSameAs(compiled);
    assertThat(matched).containsExactly(route.uid());
    assertThat(replayed).isTrue();
    assertThat(evaluations).hasValue(3);
  }

  @Test
  void shouldTellTheWindowToItsSubscriberAsItChangesAndZeroWhenTheRouteGoes() {
    Route route = route(event -> true);
    RouteRegistry registry = new RouteRegistry(10);
    List<String> told = new ArrayList<>();
    registry.onWindows((subscriber, uid, window) -> told.add(subscriber.getAuthority() + " " + uid + " " + window));

    registry.upsert(route);
    registry.adaptWindow(route.uid(), 90);
    registry.adaptWindow(route.uid(), 90);
    registry.remove(route.uid());

    String to = route.target().subscriber().getAuthority() + " " + route.uid();
    assertThat(told).containsExactly(to + " 10", to + " 90", to + " 0");
  }

  @Test
  void shouldUseTheNewFilterWhenTheRouteChanges() {
    Route route = route(event -> false);
    RouteRegistry registry = new RouteRegistry(10);
    registry.upsert(route);

    EventFilter changed = event -> true;
    registry.upsert(new Route(route.uid(), route.namespace(), route.name(), route.stream(), changed, route.target(),
        false, ReplyRoute.DISCARD));
    List<String> matched = new ArrayList<>();
    registry.current().index().forEachMatch(event("any"), runtime -> matched.add(runtime.uid()));

    assertThat(registry.get(route.uid()).route().filter()).isSameAs(changed);
    assertThat(matched).containsExactly(route.uid());
  }

  @Test
  void shouldLetAsManyEventsInFlightAsTheAdaptiveWindowWhenTheSubscribersCapacityChanges() {
    Route route = route(event -> true);
    RouteRegistry registry = new RouteRegistry(10);
    registry.upsert(route);
    RouteRuntime runtime = registry.get(route.uid());

    registry.adaptWindow(route.uid(), 3);
    int atThree = acquireAll(runtime);
    registry.adaptWindow(route.uid(), 30);
    int atThirty = atThree + acquireAll(runtime);
    registry.adaptWindow(route.uid(), 0);

    assertThat(atThree).isEqualTo(3);
    assertThat(atThirty).isEqualTo(30);
    assertThat(registry.window(route.uid())).hasValue(10);
    assertThat(acquireAll(runtime)).as("over the default window nothing more starts").isZero();
  }

  @Test
  void shouldKeepTheRoutesOwnWindowWhenAnAdaptiveOneIsSet() {
    Route route = route(event -> true);
    Route limited = new Route(route.uid(), route.namespace(), route.name(), route.stream(), route.filter(),
        route.target(), false, ReplyRoute.DISCARD, new dev.kafkaeventing.dispatcher.DispatchLimits(2, 0), null);
    RouteRegistry registry = new RouteRegistry(10);
    registry.upsert(limited);

    registry.adaptWindow(route.uid(), 50);

    assertThat(registry.window(route.uid())).hasValue(2);
    assertThat(acquireAll(registry.get(route.uid()))).isEqualTo(2);
  }

  @Test
  void shouldSplitTheRoutesOwnLimitsByItsShareOfPartitionsWhenTheAssignmentChanges() {
    Route route = route(event -> true);
    Route limited = new Route(route.uid(), route.namespace(), route.name(), route.stream(), route.filter(),
        route.target(), false, ReplyRoute.DISCARD, new dev.kafkaeventing.dispatcher.DispatchLimits(10, 40), null);
    RouteRegistry registry = new RouteRegistry(100);
    registry.upsert(limited);

    registry.share(new PartitionShare(3, 10));
    int windowAtThree = registry.window(route.uid()).orElseThrow();
    double rateAtThree = registry.eventsPerSecond(route.uid()).orElseThrow();
    registry.share(new PartitionShare(1, 20));
    int windowAtOneOfTwenty = registry.window(route.uid()).orElseThrow();
    registry.share(new PartitionShare(0, 10));

    assertThat(windowAtThree).isEqualTo(3);
    assertThat(rateAtThree).isEqualTo(12.0);
    assertThat(windowAtOneOfTwenty).as("rounded down, but at least one").isEqualTo(1);
    assertThat(registry.window(route.uid())).as("none assigned: no event of the topic comes here").hasValue(10);
    assertThat(registry.eventsPerSecond(route.uid())).hasValue(40.0);
  }

  @Test
  void shouldApplyTheKnownShareWhenARouteIsAddedAfterTheAssignment() {
    Route route = route(event -> true);
    Route limited = new Route(route.uid(), route.namespace(), route.name(), route.stream(), route.filter(),
        route.target(), false, ReplyRoute.DISCARD, new dev.kafkaeventing.dispatcher.DispatchLimits(4, 0), null);
    RouteRegistry registry = new RouteRegistry(100);
    registry.share(new PartitionShare(2, 4));

    registry.upsert(limited);

    assertThat(registry.window(route.uid())).hasValue(2);
    assertThat(acquireAll(registry.get(route.uid()))).isEqualTo(2);
    assertThat(registry.eventsPerSecond(route.uid())).hasValue(0.0);
  }

  private static int acquireAll(RouteRuntime runtime) {
    int acquired = 0;
    while (runtime.tryAcquire()) {
      acquired++;
    }
    return acquired;
  }

  private static Route route(EventFilter filter) {
    DeliveryTarget target = DeliveryTarget.of(URI.create("http://127.0.0.1:1/"), DeliveryPolicy.noRetries(Duration.ofSeconds(1)));
    return new Route("uid-1", "ns", "t", StreamId.broker("ns", "default"), filter, target, false, ReplyRoute.DISCARD);
  }

  private static CloudEvent event(String type) {
    return CloudEventBuilder.v1().withId("1").withSource(URI.create("/test")).withType(type).build();
  }
}
