package dev.kafkaeventing.sources.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BindingsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> LABELS = Map.of("app", "heartbeat", "tier", "edge");

  static Stream<Arguments> selectors() {
    return Stream.of(
        Arguments.of("{\"matchLabels\":{\"app\":\"heartbeat\"}}", true),
        Arguments.of("{\"matchLabels\":{\"app\":\"other\"}}", false),
        Arguments.of("{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"edge\",\"core\"]}]}", true),
        Arguments.of("{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"NotIn\",\"values\":[\"edge\"]}]}", false),
        Arguments.of("{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"Exists\"}]}", true),
        Arguments.of("{\"matchExpressions\":[{\"key\":\"zone\",\"operator\":\"DoesNotExist\"}]}", true),
        Arguments.of("{\"matchLabels\":{\"app\":\"heartbeat\"},"
            + "\"matchExpressions\":[{\"key\":\"zone\",\"operator\":\"Exists\"}]}", false),
        Arguments.of("{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}", false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("selectors")
  void shouldMatchLabelsAsKubernetesWhenGivenASelector(String selector, boolean expected) throws Exception {
    ObjectNode parsed = (ObjectNode) JSON.readTree(selector);

    boolean selected = Bindings.selects(parsed, LABELS);

    assertThat(selected).isEqualTo(expected);
  }
}
