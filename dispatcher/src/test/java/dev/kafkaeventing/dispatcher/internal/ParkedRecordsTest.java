package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilters;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ParkedRecordsTest {

  private static final DeliveryTarget TARGET =
      DeliveryTarget.of(URI.create("http://127.0.0.1:1/"), DeliveryPolicy.noRetries(Duration.ofSeconds(1)));
  private static final QueuedEvent EVENT =
      new QueuedEvent(0, 7, new RecordHeaders(), null, "x".getBytes(StandardCharsets.UTF_8));
  private static final DeliveryOutcome FAILED =
      new DeliveryOutcome(DeliveryOutcome.Result.FAILED, 1, 500, "HTTP 500", new byte[0]);

  @Test
  void shouldKeepTheStreamKindWhenAChannelRouteIsParked() {
    Route route = new Route("uid-1", "default", "sub", StreamId.channel("default", "orders"), EventFilters.matchAll(), TARGET,
        false, ReplyRoute.DISCARD);

    byte[] record = ParkedRecords.encode(route, EVENT, FAILED, Instant.EPOCH);
    ParkedRecords.Parked parked = ParkedRecords.decode("k", record);

    assertThat(parked.view().stream()).isEqualTo(StreamId.channel("default", "orders"));
    assertThat(parked.view().routeName()).isEqualTo("sub");
  }

  @Test
  void shouldReadARecordWithoutKindAsABrokersWhenParkedBeforeChannelsWere() {
    String old = "{\"trigger\":{\"uid\":\"uid-1\",\"namespace\":\"default\",\"name\":\"t\"},"
        + "\"broker\":\"default/orders\",\"partition\":0,\"offset\":7,"
        + "\"failure\":{\"parkedAt\":\"1970-01-01T00:00:00Z\",\"attempts\":1,\"status\":500},"
        + "\"record\":{\"key\":null,\"headers\":[],\"value\":\"eA==\"}}";

    ParkedRecords.Parked parked = ParkedRecords.decode("k", old.getBytes(StandardCharsets.UTF_8));

    assertThat(parked.view().stream()).isEqualTo(StreamId.broker("default", "orders"));
  }
}
