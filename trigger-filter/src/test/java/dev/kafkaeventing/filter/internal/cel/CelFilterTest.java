package dev.kafkaeventing.filter.internal.cel;

import static dev.kafkaeventing.filter.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.kafkaeventing.filter.FilterErrors;
import dev.kafkaeventing.filter.internal.EventView;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code cel} dialect: attribute and data access, errors. */
class CelFilterTest {

  private static final String ORDER_JSON = "{\"amount\": 150, \"price\": 9.99, \"note\": null,"
      + " \"items\": [{\"sku\": \"a\"}, {\"sku\": \"b\"}], \"paid\": true}";
  private static final CloudEvent JSON_ORDER =
      event("datacontenttype", "application/json", "data", ORDER_JSON, "myext", "Value",
          "time", "2020-01-01T10:00:00Z", "subject", "orders/42");

  static Stream<Arguments> matches() {
    return Stream.of(
        arguments("event.type == 'com.example.order.created'", JSON_ORDER, true),
        arguments("event.source == 'https://example.com/orders'", JSON_ORDER, true),
        arguments("event.specversion == '1.0' && event.id == '1'", JSON_ORDER, true),
        arguments("event.myext == 'Value' && event.subject.startsWith('orders/')", JSON_ORDER,
            true),
        arguments("event.time == '2020-01-01T10:00:00Z'", JSON_ORDER, true),
        arguments("has(event.myext) && !has(event.other)", JSON_ORDER, true),
        arguments("event.datacontenttype == 'application/json'", JSON_ORDER, true),
        arguments("event.data.amount > 100", JSON_ORDER, true),
        arguments("event.data.amount > 100.5 && event.data.price < 10", JSON_ORDER, true),
        arguments("event.data.amount == 150.0", JSON_ORDER, true),
        arguments("event.data.items[1].sku == 'b' && size(event.data.items) == 2", JSON_ORDER,
            true),
        arguments("event.data.items.exists(i, i.sku == 'a')", JSON_ORDER, true),
        arguments("event.data.note == null && event.data.paid", JSON_ORDER, true),
        arguments("event.data.amount > 200", JSON_ORDER, false),
        arguments("has(event.data)", event("data", "[1, 2]"), true),
        arguments("has(event.data)", event("data", "plain text"), false),
        arguments("has(event.data)", event("datacontenttype", "text/plain", "data", "{}"), false),
        arguments("has(event.data)", event("datacontenttype", "application/json", "data", "{"),
            false),
        arguments("has(event.data)", event(), false),
        arguments("event.data.ok", event("datacontenttype", "application/vnd.order+json",
            "data", "{\"ok\": true}"), true),
        arguments("event.data.ok", event("datacontenttype", "Application/JSON; charset=utf-8",
            "data", "{\"ok\": true}"), true),
        arguments("event.data == 'hi'", event("data", "\"hi\""), true));
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @MethodSource("matches")
  void shouldExposeAttributesAndJsonDataWhenEvaluating(String expression, CloudEvent event,
      boolean expected) {
    CelFilter filter = CelFilter.compile(expression, FilterErrors.NONE);

    boolean matches = filter.test(event);

    assertThat(matches).isEqualTo(expected);
  }

  static Stream<String> failing() {
    return Stream.of(
        "event.type > 1",
        "event.data.amount > 'x'",
        "event.data.missing == 1",
        "event.myext == 'x'",
        "event.data.amount / 0 == 1",
        "event.type");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failing")
  void shouldNotMatchAndCountWhenEvaluationFails(String expression) {
    java.util.concurrent.atomic.LongAdder errors = new java.util.concurrent.atomic.LongAdder();
    CelFilter filter = CelFilter.compile(expression, dialect -> errors.increment());

    boolean matches = filter.test(event("datacontenttype", "application/json", "data",
        ORDER_JSON));

    assertThat(matches).isFalse();
    assertThat(errors.sum()).isEqualTo(1);
  }

  @Test
  void shouldRejectWithPositionWhenTheExpressionDoesNotCompile() {
    assertThatThrownBy(() -> CelFilter.compile("event.type == 'a' &&", FilterErrors.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("position 21: ");
    assertThatThrownBy(() -> CelFilter.compile("event.type + 'x'", FilterErrors.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected type 'bool'");
  }

  @Test
  void shouldParseTheDataOnceWhenSeveralFiltersReadIt() {
    AtomicInteger reads = new AtomicInteger();
    CloudEvent event = CloudEventBuilder.v1()
        .withId("1").withSource(URI.create("/s")).withType("t")
        .withData("application/json", () -> {
          reads.incrementAndGet();
          return "{\"amount\": 5}".getBytes(StandardCharsets.UTF_8);
        })
        .build();
    EventView view = new EventView(event);

    boolean first = CelFilter.compile("event.data.amount == 5", FilterErrors.NONE).matches(view);
    boolean second = CelFilter.compile("event.data.amount < 10", FilterErrors.NONE).matches(view);

    assertThat(first).isTrue();
    assertThat(second).isTrue();
    assertThat(reads).hasValue(1);
  }
}
