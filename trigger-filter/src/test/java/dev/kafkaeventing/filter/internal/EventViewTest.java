package dev.kafkaeventing.filter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.types.Time;
import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Attribute values in their canonical string form (CloudEvents type system). */
class EventViewTest {

  private static final CloudEvent EVENT = CloudEventBuilder.v1()
      .withId("42")
      .withSource(URI.create("/relative/source"))
      .withType("t")
      .withTime(Time.parseTime("2021-03-04T05:06:00.120+01:00"))
      .withDataSchema(URI.create("https://example.com/schema"))
      .withExtension("count", 7)
      .withExtension("flag", false)
      .withExtension("blob", new byte[] {1, 2, 3})
      .withExtension("link", URI.create("urn:example:1"))
      .withExtension("when", Time.parseTime("2021-03-04T05:06:00Z"))
      .build();

  static Stream<Arguments> attributes() {
    return Stream.of(
        arguments(EVENT, "specversion", "1.0"),
        arguments(EVENT, "id", "42"),
        arguments(EVENT, "source", "/relative/source"),
        arguments(EVENT, "time", "2021-03-04T05:06:00.12+01:00"),
        arguments(EVENT, "dataschema", "https://example.com/schema"),
        arguments(EVENT, "subject", null),
        arguments(EVENT, "count", "7"),
        arguments(EVENT, "flag", "false"),
        arguments(EVENT, "blob", "AQID"),
        arguments(EVENT, "link", "urn:example:1"),
        arguments(EVENT, "when", "2021-03-04T05:06:00Z"),
        arguments(EVENT, "absent", null),
        arguments(CloudEventBuilder.v03().withId("1").withSource(URI.create("/s")).withType("t")
            .withDataSchema(URI.create("/schema")).build(), "schemaurl", "/schema"));
  }

  @ParameterizedTest(name = "{1} -> {2}")
  @MethodSource("attributes")
  void shouldGiveTheCanonicalStringWhenReadingAnAttribute(CloudEvent event, String name,
      String expected) {
    EventView view = new EventView(event);

    String value = view.attribute(name);

    assertThat(value).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{1} -> {2}")
  @MethodSource("attributes")
  void shouldKeepOnlyIntegersAndBooleansTypedWhenReadingForCesql(CloudEvent event, String name,
      String expected) {
    EventView view = new EventView(event);

    Object value = view.typedAttribute(name);

    Object typed = switch (name) {
      case "count" -> 7;
      case "flag" -> false;
      default -> expected;
    };
    assertThat(value).isEqualTo(typed);
  }
}
