package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.FiltersBroker.TestEvent;
import dev.kafkaeventing.it.harness.PlatformHarness;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Triggers with {@code spec.filters} in every dialect ({@code exact}, {@code prefix}, {@code
 * suffix}, {@code all}, {@code any}, {@code not}, {@code cesql}, {@code cel}) route events through
 * a real Broker; expression filters read extensions and JSON data, and evaluation errors mean no
 * match and are counted on {@code /metrics}.
 */
class FiltersEndToEndTest {

  static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldDeliverToEachTriggerExactlyTheEventsItsDialectMatchesWhenTriggersShareABroker() {
    Map<String, String> triggers = new LinkedHashMap<>();
    triggers.put("exact", "filters: [{exact: {type: order.created}}]");
    triggers.put("prefix", "filters: [{prefix: {type: order.}}]");
    triggers.put("suffix", "filters: [{suffix: {source: /eu}}]");
    triggers.put("all", "filters: [{all: [{prefix: {type: order.}}, {exact: {region: eu}}]}]");
    triggers.put("any", "filters: [{any: [{exact: {type: order.created}}, {suffix: {type: .cancelled}}]}]");
    triggers.put("not", "filters: [{not: {prefix: {type: order.}}}]");
    triggers.put("cesql", "filters: [{cesql: \"type LIKE 'order.%' AND INT(priority) >= 5\"}]");
    triggers.put("cel", "filters: [{cel: \"event.type.startsWith('order.') && event.region == 'us'\"}]");
    List<TestEvent> events = List.of(
        TestEvent.of("1", "order.created").source("/shop/eu").extension("region", "eu").extension("priority", "7"),
        TestEvent.of("2", "order.created").source("/shop/us").extension("region", "us").extension("priority", "1"),
        TestEvent.of("3", "order.cancelled").source("/shop/eu").extension("region", "eu").extension("priority", "5"),
        TestEvent.of("4", "payment.cancelled").source("/bank/us").extension("region", "us"),
        TestEvent.of("5", "payment.received").source("/bank/eu"),
        TestEvent.of("6", "order.shipped").source("/shop/us").extension("region", "us").extension("priority", "9"));
    try (FiltersBroker broker = FiltersBroker.start(platform, triggers)) {

      broker.send(events);
      broker.awaitSettled();

      assertThat(broker.idsReceivedBy("exact")).containsExactly("1", "2");
      assertThat(broker.idsReceivedBy("prefix")).containsExactly("1", "2", "3", "6");
      assertThat(broker.idsReceivedBy("suffix")).containsExactly("1", "3", "5");
      assertThat(broker.idsReceivedBy("all")).containsExactly("1", "3");
      assertThat(broker.idsReceivedBy("any")).containsExactly("1", "2", "3", "4");
      assertThat(broker.idsReceivedBy("not")).containsExactly("4", "5");
      assertThat(broker.idsReceivedBy("cesql")).containsExactly("1", "3", "6");
      assertThat(broker.idsReceivedBy("cel")).containsExactly("2", "6");
    }
  }

  @Test
  void shouldDeliverOnlyEventsWhoseJsonDataMatchesWhenCelFilterReadsEventData() {
    long errorsBefore = FiltersBroker.evaluationErrors(platform);
    Map<String, String> triggers = Map.of("big-amounts", "filters: [{cel: \"event.data.amount > 100\"}]");
    List<TestEvent> events = List.of(
        TestEvent.of("big", "payment").data("application/json", "{\"amount\": 150}"),
        TestEvent.of("exactly-100", "payment").data("application/json", "{\"amount\": 100}"),
        TestEvent.of("small", "payment").data("application/json", "{\"amount\": 50}"),
        TestEvent.of("big-double", "payment").data("application/json; charset=utf-8", "{\"amount\": 100.5}"),
        TestEvent.of("big-vendor-json", "payment").data("application/vnd.shop+json", "{\"amount\": 101}"),
        TestEvent.of("big-structured", "payment").data("application/json", "{\"amount\": 300}").structuredMode(),
        TestEvent.of("no-amount", "payment").data("application/json", "{\"total\": 500}"),
        TestEvent.of("not-json", "payment").data("text/plain", "amount: 500"));
    try (FiltersBroker broker = FiltersBroker.start(platform, triggers)) {

      broker.send(events);
      broker.awaitSettled();

      assertThat(broker.idsReceivedBy("big-amounts"))
          .containsExactlyInAnyOrder("big", "big-double", "big-vendor-json", "big-structured");
      assertThat(broker.receivedBy("big-amounts"))
          .filteredOn(received -> received.id().equals("big"))
          .singleElement()
          .satisfies(received -> assertThat(new String(received.body())).isEqualTo("{\"amount\": 150}"));
      // Reading a missing key ("no-amount") or absent data ("not-json") fails: no match, counted.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(FiltersBroker.evaluationErrors(platform) - errorsBefore).isGreaterThanOrEqualTo(2));
    }
  }

  @Test
  void shouldCountCesqlRuntimeErrorsAsNoMatchWhenAnExpressionFailsOnAnEvent() {
    long errorsBefore = FiltersBroker.evaluationErrors(platform);
    Map<String, String> triggers = Map.of("urgent", "filters: [{cesql: \"INT(priority) > 5\"}]");
    List<TestEvent> events = List.of(
        TestEvent.of("high", "task").extension("priority", "9"),
        TestEvent.of("low", "task").extension("priority", "2"),
        TestEvent.of("not-a-number", "task").extension("priority", "urgent"),
        TestEvent.of("missing", "task"));
    try (FiltersBroker broker = FiltersBroker.start(platform, triggers)) {

      broker.send(events);
      broker.awaitSettled();

      assertThat(broker.idsReceivedBy("urgent")).containsExactly("high");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(FiltersBroker.evaluationErrors(platform) - errorsBefore).isGreaterThanOrEqualTo(2));
    }
  }
}
