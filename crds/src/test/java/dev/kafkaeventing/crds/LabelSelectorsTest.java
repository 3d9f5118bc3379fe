package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> LABELS = Map.of("team", "a", "tier", "web");

  static Stream<Arguments> selectors() {
    return Stream.of(
        Arguments.of("{}", true),
        Arguments.of("{\"matchLabels\": {\"team\": \"a\"}}", true),
        Arguments.of("{\"matchLabels\": {\"team\": \"b\"}}", false),
        Arguments.of("{\"matchExpressions\": [{\"key\": \"team\", \"operator\": \"In\", \"values\": [\"a\", \"b\"]}]}", true),
        Arguments.of("{\"matchExpressions\": [{\"key\": \"team\", \"operator\": \"NotIn\", \"values\": [\"a\"]}]}", false),
        Arguments.of("{\"matchExpressions\": [{\"key\": \"env\", \"operator\": \"NotIn\", \"values\": [\"prod\"]}]}", true),
        Arguments.of("{\"matchExpressions\": [{\"key\": \"tier\", \"operator\": \"Exists\"}]}", true),
        Arguments.of("{\"matchExpressions\": [{\"key\": \"tier\", \"operator\": \"DoesNotExist\"}]}", false),
        Arguments.of("{\"matchLabels\": {\"team\": \"a\"},"
            + " \"matchExpressions\": [{\"key\": \"env\", \"operator\": \"Exists\"}]}", false),
        Arguments.of("{\"matchExpressions\": [{\"key\": \"team\", \"operator\": \"Like\", \"values\": [\"a\"]}]}", false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("selectors")
  void shouldSelectAsTheApiServerDoesWhenLabelsAreMatched(String selector, boolean selected) throws Exception {
    boolean matched = LabelSelectors.matches(JSON.readTree(selector), LABELS);

    assertThat(matched).isEqualTo(selected);
  }

  @Test
  void shouldNameTheFieldWhenAnOperatorIsUnknown() throws Exception {
    var selector = JSON.readTree("{\"matchExpressions\": [{\"key\": \"a\", \"operator\": \"Exists\"},"
        + " {\"key\": \"b\", \"operator\": \"Like\"}]}");

    assertThatThrownBy(() -> LabelSelectors.validate(selector, "spec.namespaceSelector"))
        .hasMessage("spec.namespaceSelector.matchExpressions[1].operator: 'Like' is not In, NotIn, Exists or"
            + " DoesNotExist");
  }
}
