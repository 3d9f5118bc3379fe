package dev.kafkaeventing.filter.internal.cesql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of the CloudEvents SQL TCK: the expected value and the first error's type. */
class CesqlTckTest {

  private static final int TCK_CASES = 275;

  static Stream<CesqlTck.Case> cases() {
    return CesqlTck.load().stream();
  }

  @Test
  void shouldLoadTheWholeTckWhenTheFolderIsPresent() {
    List<CesqlTck.Case> cases = CesqlTck.load();

    assertThat(Files.exists(CesqlTck.folder().resolve("LICENSE"))).isTrue();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(TCK_CASES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldEvaluateAsTheTckExpectsWhenGivenItsCase(CesqlTck.Case tck) throws Exception {
    if ("parse".equals(tck.error())) {
      assertThatThrownBy(() -> CesqlExpression.parse(tck.expression()))
          .isInstanceOf(CesqlParseException.class);
      return;
    }

    CesqlResult result = CesqlExpression.parse(tck.expression()).evaluate(tck.event());

    if (tck.expectedValue() != null) {
      assertThat(result.value()).as("value").isEqualTo(tck.expectedValue());
    }
    if (tck.error() == null) {
      assertThat(result.errors()).as("errors").isEmpty();
    } else {
      assertThat(result.errors()).as("errors").isNotEmpty();
      assertThat(result.errors().get(0).kind().tckName()).as("first error").isEqualTo(tck.error());
    }
  }
}
