package dev.kafkaeventing.it;

import dev.kafkaeventing.it.FiltersBroker.TestEvent;
import dev.kafkaeventing.it.harness.PlatformHarness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Knative Eventing's conformance scenarios for the new Trigger filters ({@code spec.filters}):
 * single dialects, {@code all}, {@code any} mixing dialects, several Triggers and sinks, filters on
 * a missing extension, {@code filter} with empty {@code filters}, {@code filters} overriding
 * {@code filter}, and several filters without {@code all}.
 *
 * <p>Knative gives each scenario its own Broker; here all scenarios share one, so every Trigger
 * also sees the other scenarios' events. Each Trigger is therefore checked twice: against its
 * scenario's expectations as Knative states them (delivered or not), and against every event sent,
 * with a plain Java predicate that says what its filters mean.
 */
class FiltersConformanceTest {

  private static final String FULL_TYPE = "com.example.FullEvent";
  private static final String MIN_TYPE = "com.example.MinEvent";
  private static final String EXAMPLE_SOURCE = "http://example.com/source";

  static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  /** A Knative expectation: the event is (or is not) delivered to the scenario's Trigger. */
  record Expect(TestEvent event, boolean delivered) {}

  /** One Trigger of a scenario: its filters, what they mean, and the scenario's own events. */
  record Case(String trigger, String filters, Predicate<TestEvent> matches, List<Expect> expectations) {}

  @Test
  void shouldRouteKnativeNewFiltersScenariosWhenAllTriggersShareABroker() {
    List<Case> cases = cases();
    Map<String, String> triggers = new LinkedHashMap<>();
    cases.forEach(c -> triggers.put(c.trigger(), c.filters()));
    List<TestEvent> events = cases.stream().flatMap(c -> c.expectations().stream()).map(Expect::event).toList();
    try (FiltersBroker broker = FiltersBroker.start(platform, triggers)) {

      broker.send(events);
      broker.awaitSettled();

      SoftAssertions softly = new SoftAssertions();
      for (Case c : cases) {
        Set<String> received = broker.idsReceivedBy(c.trigger());
        for (Expect expect : c.expectations()) {
          softly.assertThat(received.contains(expect.event().id()))
              .as("%s: %s delivered", c.trigger(), expect.event()).isEqualTo(expect.delivered());
        }
        softly.assertThat(received).as("%s: events of all scenarios", c.trigger())
            .containsExactlyElementsOf(new TreeSet<>(events.stream().filter(c.matches()).map(TestEvent::id).toList()));
      }
      softly.assertAll();
    }
  }

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    cases.addAll(singleDialects());
    cases.add(anyOfMixedDialects());
    cases.add(allOfExactPrefixSuffixCesql());
    cases.addAll(multipleTriggersAndSinks());
    cases.add(missingExtension());
    cases.add(filterWithEmptyFilters());
    cases.add(filtersOverrideFilter());
    cases.add(multipleFiltersWithoutAll());
    return cases;
  }

  /** Knative's full event matches; an event of another type and source does not. */
  private static List<Expect> fullOrWrong(String trigger) {
    return List.of(
        new Expect(TestEvent.of(trigger + "-full", FULL_TYPE).source(EXAMPLE_SOURCE), true),
        new Expect(TestEvent.of(trigger + "-wrong", "org.wrong.type").source("org.wrong.source"), false));
  }

  private static List<Case> singleDialects() {
    return List.of(
        new Case("exact", """
            filters: [{exact: {type: %s, source: "%s"}}]""".formatted(FULL_TYPE, EXAMPLE_SOURCE),
            e -> e.type().equals(FULL_TYPE) && e.source().equals(EXAMPLE_SOURCE), fullOrWrong("exact")),
        new Case("prefix", "filters: [{prefix: {type: com., source: http}}]",
            e -> e.type().startsWith("com.") && e.source().startsWith("http"), fullOrWrong("prefix")),
        new Case("suffix", "filters: [{suffix: {type: xample.FullEvent, source: //example.com/source}}]",
            e -> e.type().endsWith("xample.FullEvent") && e.source().endsWith("//example.com/source"),
            fullOrWrong("suffix")),
        new Case("cesql", """
            filters: [{cesql: "type = '%s' AND source = '%s'"}]""".formatted(FULL_TYPE, EXAMPLE_SOURCE),
            e -> e.type().equals(FULL_TYPE) && e.source().equals(EXAMPLE_SOURCE), fullOrWrong("cesql")));
  }

  private static Case anyOfMixedDialects() {
    return new Case("any", """
        filters:
        - any:
          - exact: {type: exact.event.type}
          - prefix: {type: prefix}
          - suffix: {type: suffix}
          - not: {cesql: "type LIKE '%event.type%'"}
          - cesql: "type = 'cesql.event.type'"
        """,
        e -> e.type().equals("exact.event.type") || e.type().startsWith("prefix") || e.type().endsWith("suffix")
            || !e.type().contains("event.type") || e.type().equals("cesql.event.type"),
        List.of(
            new Expect(TestEvent.of("any-exact", "exact.event.type"), true),
            new Expect(TestEvent.of("any-prefix", "prefix.event.type"), true),
            new Expect(TestEvent.of("any-suffix", "event.type.suffix"), true),
            new Expect(TestEvent.of("any-not", "not.type.event"), true),
            new Expect(TestEvent.of("any-cesql", "cesql.event.type"), true),
            new Expect(TestEvent.of("any-none", "not.event.type"), false)));
  }

  private static Case allOfExactPrefixSuffixCesql() {
    return new Case("all", """
        filters:
        - all:
          - exact: {type: exact.prefix.suffix.event.type}
          - prefix: {type: exact.prefix}
          - suffix: {type: suffix.event.type}
          - cesql: "type LIKE 'exact.prefix.suffix%'"
        """,
        e -> e.type().equals("exact.prefix.suffix.event.type"),
        exactPrefixSuffixCesqlEvents("all"));
  }

  /** Knative: all four filters, listed without {@code all}, must all match. */
  private static Case multipleFiltersWithoutAll() {
    return new Case("multiple", """
        filters:
        - exact: {type: exact.prefix.suffix.event.type}
        - prefix: {type: exact.prefix}
        - suffix: {type: suffix.event.type}
        - cesql: "type LIKE 'exact.prefix.suffix%'"
        """,
        e -> e.type().equals("exact.prefix.suffix.event.type"),
        exactPrefixSuffixCesqlEvents("multiple"));
  }

  private static List<Expect> exactPrefixSuffixCesqlEvents(String trigger) {
    return List.of(
        new Expect(TestEvent.of(trigger + "-none", "not.event.type"), false),
        new Expect(TestEvent.of(trigger + "-prefix-cesql", "exact.prefix.suffix.event"), false),
        new Expect(TestEvent.of(trigger + "-three", "exact.prefix.suffix.event.suffix.event.type"), false),
        new Expect(TestEvent.of(trigger + "-four", "exact.prefix.suffix.event.type"), true));
  }

  private static List<Case> multipleTriggersAndSinks() {
    return List.of(
        new Case("first-sink", "filters: [{any: [{exact: {type: type1}}, {prefix: {type: both}}]}]",
            e -> e.type().equals("type1") || e.type().startsWith("both"),
            typesOneTwoThree("first-sink", true, false)),
        new Case("second-sink", "filters: [{any: [{exact: {type: type2}}, {prefix: {type: both}}]}]",
            e -> e.type().equals("type2") || e.type().startsWith("both"),
            typesOneTwoThree("second-sink", false, true)));
  }

  private static List<Expect> typesOneTwoThree(String trigger, boolean type1, boolean type2) {
    return List.of(
        new Expect(TestEvent.of(trigger + "-type1", "type1"), type1),
        new Expect(TestEvent.of(trigger + "-both", "both.should.match"), true),
        new Expect(TestEvent.of(trigger + "-type2", "type2"), type2),
        new Expect(TestEvent.of(trigger + "-type3", "type3"), false));
  }

  /** Every dialect on an extension the event may lack: without it nothing matches. */
  private static Case missingExtension() {
    return new Case("missing-extension", """
        filters:
        - all:
          - exact: {extensionattribute: extensionvalue}
          - prefix: {extensionattribute: extension}
          - suffix: {extensionattribute: value}
          - cesql: "extensionattribute LIKE '%value'"
        """,
        e -> "extensionvalue".equals(e.extension("extensionattribute")),
        List.of(
            new Expect(TestEvent.of("missing-extension-without", MIN_TYPE).source(EXAMPLE_SOURCE), false),
            new Expect(TestEvent.of("missing-extension-with", MIN_TYPE).source(EXAMPLE_SOURCE)
                .extension("extensionattribute", "extensionvalue"), true)));
  }

  /** Empty {@code filters} do not override {@code filter.attributes}. */
  private static Case filterWithEmptyFilters() {
    return new Case("empty-filters", """
        filter: {attributes: {type: filter.attribute.event.type}}
        filters: []
        """,
        e -> e.type().equals("filter.attribute.event.type"),
        List.of(
            new Expect(TestEvent.of("empty-filters-match", "filter.attribute.event.type"), true),
            new Expect(TestEvent.of("empty-filters-other", "some.other.type"), false)));
  }

  /** Non-empty {@code filters} replace {@code filter.attributes}. */
  private static Case filtersOverrideFilter() {
    return new Case("override", """
        filter: {attributes: {type: filter.check.event.type}}
        filters: [{exact: {type: subscriptionapi.filters.override.event.type}}]
        """,
        e -> e.type().equals("subscriptionapi.filters.override.event.type"),
        List.of(
            new Expect(TestEvent.of("override-filters", "subscriptionapi.filters.override.event.type"), true),
            new Expect(TestEvent.of("override-filter", "filter.check.event.type"), false)));
  }
}
