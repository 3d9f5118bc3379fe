package dev.kafkaeventing.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "team=a | true", "team==a | true", "team=b | false", "team!=b | true", "team!=a | false",
      "team | true", "!team | false", "tier | false", "!tier | true", "tier!=x | true",
      "team=a,env=prod | true", "team=a,env=dev | false", "app.kubernetes.io/name=web | true"})
  void shouldMatchLikeKubectlWhenSelectorIsEqualityBased(String selector, boolean matches) throws Exception {
    JsonNode resource = JSON.readTree(
        "{\"metadata\": {\"labels\": {\"team\": \"a\", \"env\": \"prod\", \"app.kubernetes.io/name\": \"web\"}}}");

    assertThat(LabelSelector.parse(selector).matches(resource)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"", "team=a,", "=a", "a=b=c", "team in (a)"})
  void shouldRefuseNamingThePartWhenSelectorIsMalformed(String selector) {
    assertThatThrownBy(() -> LabelSelector.parse(selector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid label selector '" + selector + "'");
  }
}
