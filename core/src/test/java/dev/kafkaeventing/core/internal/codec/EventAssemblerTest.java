package dev.kafkaeventing.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaeventing.core.InvalidEventException;
import io.cloudevents.CloudEvent;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventAssemblerTest {

  /** An attribute set twice, by the string and/or the typed path: always refused. */
  interface Step {
    void apply(EventAssembler event) throws InvalidEventException;
  }

  static Stream<Arguments> repeats() {
    return Stream.of(
        Arguments.of("1.0", "context attribute", "source",
            (Step) e -> e.attribute("source", "/a"), (Step) e -> e.attribute("source", "/b")),
        Arguments.of("1.0", "extension", "color",
            (Step) e -> e.attribute("color", "red"), (Step) e -> e.attribute("color", "blue")),
        Arguments.of("1.0", "extension, then typed", "count",
            (Step) e -> e.attribute("count", "1"), (Step) e -> e.extension("count", 2)),
        Arguments.of("1.0", "typed extension, then string", "flag",
            (Step) e -> e.extension("flag", true), (Step) e -> e.attribute("flag", "false")),
        Arguments.of("1.0", "0.3 attribute name as a 1.0 extension", "schemaurl",
            (Step) e -> e.attribute("schemaurl", "/s"), (Step) e -> e.attribute("schemaurl", "/t")),
        Arguments.of("0.3", "1.0 attribute name as a 0.3 extension", "dataschema",
            (Step) e -> e.attribute("dataschema", "/s"), (Step) e -> e.extension("dataschema", "/t")),
        Arguments.of("0.3", "context attribute only in 0.3", "datacontentencoding",
            (Step) e -> e.attribute("datacontentencoding", "base64"),
            (Step) e -> e.attribute("datacontentencoding", "base64")));
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @MethodSource("repeats")
  void shouldRefuseAttributeWhenItIsSetTwice(String version, String what, String name, Step first, Step second)
      throws InvalidEventException {
    EventAssembler event = EventAssembler.forSpecVersion(version);
    first.apply(event);

    assertThatThrownBy(() -> second.apply(event))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("attribute " + name + " appears more than once");
  }

  @Test
  void shouldKeepEveryExtensionWhenNamesDiffer() throws InvalidEventException {
    EventAssembler event = EventAssembler.forSpecVersion("1.0");
    event.attribute("id", "1");
    event.attribute("source", "/s");
    event.attribute("type", "t");

    event.attribute("schemaurl", "/x");
    event.attribute("color", "red");
    event.extension("count", 2);
    CloudEvent built = event.build();

    assertThat(built.getExtensionNames()).containsExactlyInAnyOrder("schemaurl", "color", "count");
    assertThat(built.getExtension("count")).isEqualTo(2);
  }
}
