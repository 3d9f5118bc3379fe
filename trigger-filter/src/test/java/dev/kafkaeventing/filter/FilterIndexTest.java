package dev.kafkaeventing.filter;

import static dev.kafkaeventing.filter.TestEvents.event;
import static dev.kafkaeventing.filter.TestEvents.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The index yields exactly the keys whose filter matches, evaluated one by one. */
class FilterIndexTest {

  /** Trigger name to {filter, filters} YAML (either may be null). */
  private static final Map<String, String[]> TRIGGERS = new LinkedHashMap<>();

  static {
    TRIGGERS.put("all", new String[] {null, null});
    TRIGGERS.put("attr-type-a", new String[] {"{attributes: {type: a}}", null});
    TRIGGERS.put("attr-type-a-ext", new String[] {"{attributes: {type: a, myext: ''}}", null});
    TRIGGERS.put("attr-ext-only", new String[] {"{attributes: {myext: ''}}", null});
    TRIGGERS.put("exact-type-b", new String[] {null, "[{exact: {type: b}}]"});
    TRIGGERS.put("exact-type-b-source", new String[] {null,
        "[{exact: {type: b, source: 'https://example.com/orders'}}]"});
    TRIGGERS.put("exact-source", new String[] {null,
        "[{exact: {source: 'https://example.com/orders'}}]"});
    TRIGGERS.put("exact-ext", new String[] {null, "[{exact: {myext: v1}}]"});
    TRIGGERS.put("any-type-a-b", new String[] {null,
        "[{any: [{exact: {type: a}}, {exact: {type: b}}]}]"});
    TRIGGERS.put("any-type-or-ext", new String[] {null,
        "[{any: [{exact: {type: a}}, {exact: {myext: v2}}]}]"});
    TRIGGERS.put("all-type-prefix", new String[] {null,
        "[{all: [{prefix: {myext: v}}, {exact: {type: c}}]}]"});
    TRIGGERS.put("implicit-all", new String[] {null,
        "[{suffix: {source: orders}}, {exact: {type: a}}, {not: {exact: {myext: v1}}}]"});
    TRIGGERS.put("not-type-a", new String[] {null, "[{not: {exact: {type: a}}}]"});
    TRIGGERS.put("prefix-type", new String[] {null, "[{prefix: {type: a}}]"});
    TRIGGERS.put("cesql", new String[] {null,
        "[{cesql: \"type IN ('a', 'c') AND EXISTS myext\"}]"});
    TRIGGERS.put("cel", new String[] {null, "[{cel: \"event.type == 'b' || has(event.myext)\"}]"});
    TRIGGERS.put("filters-win", new String[] {"{attributes: {type: a}}",
        "[{exact: {type: c}}]"});
  }

  static Stream<CloudEvent> events() {
    return Stream.of(
        event(), event("type", "a"), event("type", "b"), event("type", "c"),
        event("type", "a", "myext", "v1"), event("type", "a", "myext", "v2"),
        event("type", "c", "myext", "v3"), event("type", "b", "source", "https://other/"),
        event("type", "A"), event("type", "ab", "myext", ""));
  }

  private static FilterIndex<String> index() throws FilterException {
    FilterIndex.Builder<String> builder = FilterIndex.builder();
    for (Map.Entry<String, String[]> trigger : TRIGGERS.entrySet()) {
      builder.add(trigger.getKey(), node(trigger.getValue()[0]), node(trigger.getValue()[1]));
    }
    return builder.build();
  }

  private static JsonNode node(String yaml) {
    return yaml == null ? null : yaml(yaml);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void shouldYieldTheSameKeysAsEvaluatingEachFilterWhenIndexed(CloudEvent event)
      throws FilterException {
    FilterIndex<String> index = index();
    List<String> expected = new ArrayList<>();
    for (Map.Entry<String, String[]> trigger : TRIGGERS.entrySet()) {
      EventFilter filter = EventFilters.forTrigger(
          node(trigger.getValue()[0]), node(trigger.getValue()[1]));
      if (filter.test(event)) {
        expected.add(trigger.getKey());
      }
    }

    List<String> actual = new ArrayList<>();
    index.forEachMatch(event, actual::add);

    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void shouldIndexFiltersWithAnExactConditionWhenBuilding() throws FilterException {
    FilterIndex<String> index = index();

    assertThat(index.size()).isEqualTo(TRIGGERS.size());
    // Scanned: all, attr-ext-only, any-type-or-ext, not-type-a, prefix-type, cesql, cel.
    assertThat(index.scannedCount()).isEqualTo(7);
  }

  @Test
  void shouldAgreeWithOneByOneEvaluationWhenGivenManyRandomTriggers() throws FilterException {
    Random random = new Random(42);
    FilterIndex.Builder<Integer> builder = FilterIndex.builder();
    List<EventFilter> filters = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      EventFilter filter = EventFilters.compile(yaml(randomFilters(random)));
      filters.add(filter);
      builder.add(i, filter);
    }
    FilterIndex<Integer> index = builder.build();

    for (int e = 0; e < 300; e++) {
      CloudEvent event = event("type", "t" + random.nextInt(20), "myext", "v" + random.nextInt(5));
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < filters.size(); i++) {
        if (filters.get(i).test(event)) {
          expected.add(i);
        }
      }
      List<Integer> actual = new ArrayList<>();
      index.forEachMatch(event, actual::add);

      assertThat(actual).as("event %s", event).containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(index.scannedCount()).isLessThan(filters.size() / 2);
  }

  @Test
  void shouldCountEachKeysEvaluationErrorsInItsOwnSinkWhenKeysShareOneCompiledFilter() throws FilterException {
    EventFilter shared = EventFilters.compile(node("[{cesql: \"myext = 'x'\"}]"));
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    FilterIndex<String> index = FilterIndex.<String>builder()
        .add("first", shared, first::add)
        .add("second", shared, second::add)
        .add("uncounted", shared)
        .build();
    List<String> matched = new ArrayList<>();

    index.forEachMatch(event(), matched::add);
    index.forEachMatch(event("myext", "x"), matched::add);

    assertThat(first).containsExactly("cesql");
    assertThat(second).containsExactly("cesql");
    assertThat(matched).containsExactlyInAnyOrder("first", "second", "uncounted");
  }

  private static String randomFilters(Random random) {
    String type = "t" + random.nextInt(20);
    String ext = "v" + random.nextInt(5);
    return switch (random.nextInt(6)) {
      case 0 -> "[{exact: {type: " + type + "}}]";
      case 1 -> "[{exact: {type: " + type + ", myext: " + ext + "}}]";
      case 2 -> "[{any: [{exact: {type: " + type + "}}, {exact: {type: t" + random.nextInt(20)
          + "}}]}]";
      case 3 -> "[{exact: {myext: " + ext + "}}, {prefix: {type: t1}}]";
      case 4 -> "[{not: {exact: {type: " + type + "}}}, {suffix: {myext: '" + random.nextInt(5)
          + "'}}]";
      default -> "[{cesql: \"type = '" + type + "' OR myext = '" + ext + "'\"}]";
    };
  }

  @Test
  void shouldEvaluateForeignFiltersForEveryEventWhenAdded() {
    FilterIndex<String> index = FilterIndex.<String>builder()
        .add("foreign", event -> event.getType().startsWith("a"))
        .add("attributes", EventFilters.attributes(Map.of("type", "b")))
        .build();
    List<String> matches = new ArrayList<>();

    index.forEachMatch(event("type", "ab"), matches::add);

    assertThat(matches).containsExactly("foreign");
    assertThat(index.scannedCount()).isEqualTo(1);
  }

  @Test
  void shouldRejectAKeyWhenAddedTwice() {
    FilterIndex.Builder<String> builder = FilterIndex.<String>builder()
        .add("t", EventFilters.matchAll());

    assertThatThrownBy(() -> builder.add("t", EventFilters.matchAll()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate key t");
  }

  @Test
  void shouldNameTheTriggerFieldWhenAFilterIsInvalid() {
    FilterIndex.Builder<String> builder = FilterIndex.builder();

    assertThatThrownBy(() -> builder.add("t", null, yaml("[{exact: {}}]")))
        .isInstanceOf(FilterException.class)
        .hasMessageStartingWith("spec.filters[0].exact: ");
  }
}
