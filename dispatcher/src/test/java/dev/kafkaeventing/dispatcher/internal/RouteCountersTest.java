package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.dispatcher.DispatchLimits;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilters;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RouteCountersTest {

  private static final Route ROUTE = new Route("uid-1", "ns", "hello",
      StreamId.broker("ns", "default"), EventFilters.matchAll(),
      DeliveryTarget.of(URI.create("http://127.0.0.1:9999/"), DeliveryPolicy.noRetries(Duration.ofSeconds(1))),
      false, ReplyRoute.DISCARD, DispatchLimits.DEFAULT, null);

  private final AtomicLong nanos = new AtomicLong();

  @Test
  void shouldLogFirstFailureAtInfoOncePerIntervalWhenDeliveriesStartRetrying() {
    RouteCounters counters = new RouteCounters(nanos::get);

    try (CapturedLog log = new CapturedLog(RouteCounters.class)) {
      counters.retrying(ROUTE, 2, "Connection refused");
      counters.retrying(ROUTE, 3, "Connection refused");
      counters.retrying(ROUTE, 2, "HTTP 503 from http://127.0.0.1:9999/");
      nanos.addAndGet(Duration.ofSeconds(10).toNanos());
      counters.retrying(ROUTE, 2, "HTTP 503 from http://127.0.0.1:9999/");

      assertThat(counters.stats().retried()).isEqualTo(4);
      assertThat(log.lines()).containsExactly(
          "INFO Trigger ns/hello: delivery to http://127.0.0.1:9999/ failed (Connection refused); retrying",
          "INFO Trigger ns/hello: delivery to http://127.0.0.1:9999/ failed "
              + "(HTTP 503 from http://127.0.0.1:9999/); retrying (2 deliveries started retrying since "
              + "the last such line)");
    }
  }
}
