package dev.kafkaeventing.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPathTemplateTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String LIST = """
      {"kind": "List", "items": [
        {"metadata": {"name": "hello", "labels": {"app.kubernetes.io/name": "x"}},
         "status": {"conditions": [{"type": "BrokerReady", "status": "True"},
                                   {"type": "Ready", "status": "False", "reason": "NotFound"}]},
         "spec": {"replicas": 3, "on": true}},
        {"metadata": {"name": "world"},
         "status": {"conditions": [{"type": "Ready", "status": "True"}]}}
      ]}""";

  static Stream<Arguments> templates() {
    return Stream.of(
        Arguments.of("{.items[*].metadata.name}", "hello world"),
        Arguments.of("{.items[0].metadata.name}", "hello"),
        Arguments.of("{.items[-1].metadata.name}", "world"),
        Arguments.of("{.items[0].status.conditions[?(@.type==\"Ready\")].status}", "False"),
        Arguments.of("{.items[*].status.conditions[?(@.type=='Ready')].status}", "False True"),
        Arguments.of("{.items[0].status.conditions[?(@.type!=\"Ready\")].type}", "BrokerReady"),
        Arguments.of("{.items[*].status.conditions[?(@.reason)].reason}", "NotFound"),
        Arguments.of("{.items[0].metadata.labels['app.kubernetes.io/name']}", "x"),
        Arguments.of("{.items[0].spec.replicas} {.items[0].spec.on}", "3 true"),
        Arguments.of("{.items[0].spec}", "{\"replicas\":3,\"on\":true}"),
        Arguments.of("{.items[0].nosuch.field}", ""),
        Arguments.of("names: {.items[*].metadata.name}!", "names: hello world!"),
        Arguments.of("{range .items[*]}{.metadata.name}{\"\\n\"}{end}", "hello\nworld\n"),
        Arguments.of("{range .items[*]}{.metadata.name}={$.kind};{end}", "hello=List;world=List;"),
        Arguments.of("{.kind}", "List"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void shouldRenderLikeKubectlWhenTemplateIsInTheSubset(String template, String expected) throws Exception {
    JsonNode list = JSON.readTree(LIST);

    String rendered = JsonPathTemplate.parse(template).render(list);

    assertThat(rendered).isEqualTo(expected);
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of("{.items[*]", "unclosed {"),
        Arguments.of("{range .items[*]}{.a}", "{range ...} without {end}"),
        Arguments.of("{end}", "{end} without {range ...}"),
        Arguments.of("{..name}", "recursive descent (..) is not supported"),
        Arguments.of("{.items[1:2]}", "unsupported [1:2]"),
        Arguments.of("{metadata.name}", "paths start with . or $"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void shouldSayWhatIsWrongWhenTemplateDoesNotParse(String template, String message) {
    assertThatThrownBy(() -> JsonPathTemplate.parse(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageContaining(template);
  }

  @Test
  void shouldRenderTheResourceWhenTemplateIsAppliedToOneResource() throws Exception {
    JsonNode trigger = JSON.readTree("{\"metadata\": {\"name\": \"hello\"}}");

    String rendered = JsonPathTemplate.parse("{.metadata.name}").render(trigger);

    assertThat(rendered).isEqualTo("hello");
  }
}
