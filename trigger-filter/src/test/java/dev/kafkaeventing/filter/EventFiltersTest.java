package dev.kafkaeventing.filter;

import static dev.kafkaeventing.filter.TestEvents.event;
import static dev.kafkaeventing.filter.TestEvents.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.cloudevents.CloudEvent;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Knative attributes filters, Trigger filter selection, validation errors, error counting. */
class EventFiltersTest {

  static Stream<Arguments> attributes() {
    return Stream.of(
        arguments(Map.of(), event(), true),
        arguments(Map.of("type", "com.example.order.created"), event(), true),
        arguments(Map.of("type", "com.example.Order.created"), event(), false),
        arguments(Map.of("type", "com.example.order.created", "source", "https://example.com/x"),
            event(), false),
        arguments(Map.of("myext", "Value"), event("myext", "Value"), true),
        arguments(Map.of("myext", "value"), event("myext", "Value"), false),
        arguments(Map.of("myext", "Value"), event(), false),
        arguments(Map.of("myext", ""), event("myext", "anything"), true),
        arguments(Map.of("myext", ""), event(), false),
        arguments(Map.of("subject", ""), event("subject", "s"), true),
        arguments(Map.of("subject", ""), event(), false),
        arguments(Map.of("time", "2021-03-04T05:06:00Z"), event("time", "2021-03-04T05:06Z"),
            true));
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @MethodSource("attributes")
  void shouldMatchKnativeAttributesWhenGivenAMap(Map<String, String> attributes,
      CloudEvent event, boolean expected) {
    EventFilter filter = EventFilters.attributes(attributes);

    boolean matches = filter.test(event);

    assertThat(matches).isEqualTo(expected);
  }

  static Stream<Arguments> triggers() {
    String typeFilter = "{attributes: {type: com.example.order.created}}";
    String otherTypeFilter = "{attributes: {type: other}}";
    return Stream.of(
        arguments(null, null, true),
        arguments("{}", "[]", true),
        arguments("{attributes: {}}", null, true),
        arguments(typeFilter, null, true),
        arguments(otherTypeFilter, null, false),
        arguments(otherTypeFilter, "[]", false),
        arguments(otherTypeFilter, "[{prefix: {type: com.}}]", true),
        arguments(typeFilter, "[{prefix: {type: org.}}]", false),
        arguments(null, "[{exact: {type: com.example.order.created}}]", true));
  }

  @ParameterizedTest(name = "filter {0}, filters {1} -> {2}")
  @MethodSource("triggers")
  void shouldPreferFiltersOverAttributesWhenBothAreGiven(String filter, String filters,
      boolean expected) throws FilterException {
    EventFilter compiled = EventFilters.forTrigger(
        filter == null ? null : yaml(filter), filters == null ? null : yaml(filters));

    boolean matches = compiled.test(event());

    assertThat(matches).isEqualTo(expected);
  }

  static Stream<Arguments> invalidFilters() {
    return Stream.of(
        arguments("{exact: {type: a}}", "spec.filters", "must be an array"),
        arguments("[{exact: {}}]", "spec.filters[0].exact", "non-empty map"),
        arguments("[{exact: [type]}]", "spec.filters[0].exact", "non-empty map"),
        arguments("[{}]", "spec.filters[0]", "found none"),
        arguments("[{exact: {type: a}, prefix: {type: b}}]", "spec.filters[0]",
            "exactly one dialect"),
        arguments("[{regex: {type: a}}]", "spec.filters[0].regex", "unknown dialect 'regex'"),
        arguments("[{exact: {Type: a}}]", "spec.filters[0].exact.Type", "invalid attribute name"),
        arguments("[{suffix: {type: 1}}]", "spec.filters[0].suffix.type", "must be a string"),
        arguments("[{all: []}]", "spec.filters[0].all", "non-empty array"),
        arguments("[{any: {exact: {type: a}}}]", "spec.filters[0].any", "non-empty array"),
        arguments("[{not: [{exact: {type: a}}]}]", "spec.filters[0].not", "must be an object"),
        arguments("[{exact: {type: a}}, {cesql: 'type = '}]", "spec.filters[1].cesql",
            "position 8: expected a value but found end of expression"),
        arguments("[{cesql: 'type LIKE 1'}]", "spec.filters[0].cesql", "position 11"),
        arguments("[{cesql: 'FOO(type) AND true'}]", "spec.filters[0].cesql",
            "unknown function(s) FOO/1"),
        arguments("[{cesql: '1 + 1'}]", "spec.filters[0].cesql", "yields integer"),
        arguments("[{cesql: 42}]", "spec.filters[0].cesql", "non-empty expression string"),
        arguments("[{cesql: ' '}]", "spec.filters[0].cesql", "non-empty expression string"),
        arguments("[{any: [{exact: {type: a}}, {not: {cel: 'event.type =='}}]}]",
            "spec.filters[0].any[1].not.cel", "invalid CEL expression: position 14"),
        arguments("[{cel: \"'a' + 'b'\"}]", "spec.filters[0].cel", "invalid CEL expression"),
        arguments("[{cel: 'undeclared.type == 1'}]", "spec.filters[0].cel", "undeclared"));
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @MethodSource("invalidFilters")
  void shouldNameThePathAndReasonWhenFiltersAreInvalid(String filters, String path,
      String reason) {
    FilterException error = catchThrowableOfType(FilterException.class,
        () -> EventFilters.compile(yaml(filters)));

    assertThat(error).isNotNull();
    assertThat(error.path()).isEqualTo(path);
    assertThat(error.reason()).contains(reason);
    assertThat(error.getMessage()).startsWith(path + ": ");
  }

  static Stream<Arguments> invalidAttributes() {
    return Stream.of(
        arguments("[type]", "spec.filter", "must be an object"),
        arguments("{attributes: [type]}", "spec.filter.attributes", "map"),
        arguments("{attributes: {type: 3}}", "spec.filter.attributes.type", "must be a string"),
        arguments("{attributes: {my-ext: a}}", "spec.filter.attributes.my-ext",
            "invalid attribute name"));
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @MethodSource("invalidAttributes")
  void shouldRejectInvalidAttributesWhenFiltersAreAlsoGiven(String filter, String path,
      String reason) {
    FilterException error = catchThrowableOfType(FilterException.class,
        () -> EventFilters.forTrigger(yaml(filter), yaml("[{prefix: {type: com.}}]")));

    assertThat(error).isNotNull();
    assertThat(error.path()).isEqualTo(path);
    assertThat(error.reason()).contains(reason);
  }

  @Test
  void shouldCountAndNotMatchWhenAnExpressionFailsToEvaluate() throws FilterException {
    java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    EventFilter cesql = EventFilters.compile(yaml("[{cesql: \"myext = 'x'\"}]"), errors::add);
    EventFilter cel = EventFilters.compile(yaml("[{cel: \"event.myext == 'x'\"}]"), errors::add);

    boolean cesqlMatches = cesql.test(event());
    boolean celMatches = cel.test(event());

    assertThat(cesqlMatches).isFalse();
    assertThat(celMatches).isFalse();
    assertThat(errors).containsExactly("cesql", "cel");
  }

  @Test
  void shouldCountEachSinkApartWhenTwoCompilationsShareAnExpression() throws FilterException {
    java.util.concurrent.atomic.LongAdder first = new java.util.concurrent.atomic.LongAdder();
    java.util.concurrent.atomic.LongAdder second = new java.util.concurrent.atomic.LongAdder();
    EventFilter one = EventFilters.forTrigger(null, yaml("[{cesql: \"myext = 'x'\"}]"), d -> first.increment());
    EventFilter other = EventFilters.forTrigger(null, yaml("[{cesql: \"myext = 'x'\"}]"), d -> second.increment());

    one.test(event());
    one.test(event());
    other.test(event());

    assertThat(first.sum()).isEqualTo(2);
    assertThat(second.sum()).isEqualTo(1);
  }

  @Test
  void shouldCountInTheSinkGivenWithEachEvaluationWhenOneCompiledFilterIsShared() throws FilterException {
    java.util.List<String> compiledWith = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.List<String> first = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.List<String> second = new java.util.concurrent.CopyOnWriteArrayList<>();
    EventFilter shared = EventFilters.compile(
        yaml("[{not: {cesql: \"myext = 'x'\"}}, {cel: \"event.myext == 'x'\"}]"), compiledWith::add);

    shared.test(event(), first::add);
    shared.test(event(), second::add);
    shared.test(event());

    assertThat(first).containsExactly("cesql", "cel");
    assertThat(second).containsExactly("cesql", "cel");
    assertThat(compiledWith).hasSize(6);
  }

  @Test
  void shouldNotCountWhenExpressionsEvaluateCleanly() throws FilterException {
    java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    EventFilter filter = EventFilters.compile(
        yaml("[{cesql: \"myext = 'x'\"}, {cel: \"event.myext == 'x'\"}]"), errors::add);

    boolean matches = filter.test(event("myext", "x"));

    assertThat(matches).isTrue();
    assertThat(errors).isEmpty();
  }
}
