package dev.kafkaeventing.filter.internal.cesql;

import static dev.kafkaeventing.filter.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.kafkaeventing.filter.internal.EventView;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the TCK leaves open: precedence, literals, Unicode, limits, parse error positions. */
class CesqlExpressionTest {

  private static final CloudEvent EVENT = event("myext", "x");

  static Stream<Arguments> values() {
    return Stream.of(
        arguments("1 + 2 * 3", 7),
        arguments("10 - 4 - 3", 3),
        arguments("20 / 2 / 5", 2),
        arguments("-7 % 3", -1),
        arguments("TRUE OR FALSE AND FALSE", true),
        arguments("FALSE AND FALSE OR TRUE", false),
        arguments("NOT TRUE = FALSE", true),
        arguments("1 + 1 = 2", true),
        arguments("'a' LIKE 'a' = TRUE", true),
        arguments("2 IN (1, 2) AND 3 NOT IN (1, 2)", true),
        arguments("-2 * 3", -6),
        arguments("-2147483648", Integer.MIN_VALUE),
        arguments("-(3)", -3),
        arguments("+5", 5),
        arguments("2147483647 + 1", Integer.MIN_VALUE),
        arguments("'it''s'", "it's"),
        arguments("\"say \\\"hi\\\"\"", "say \"hi\""),
        arguments("'a\\b'", "a\\b"),
        arguments("LENGTH('h\u00e9llo\ud83d\ude00')", 6),
        arguments("SUBSTRING('a\ud83d\ude00b', 2, 1)", "\ud83d\ude00"),
        arguments("RIGHT('a\ud83d\ude00', 1)", "\ud83d\ude00"),
        arguments("'a\ud83d\ude00b' LIKE 'a_b'", true),
        arguments("'abc' LIKE '%b%' AND 'abc' NOT LIKE 'a\\%'", true),
        arguments("'aXbXc' LIKE '%X%X%' AND 'aaa' LIKE 'a%a%a' AND NOT ('aa' LIKE 'a%a%a')", true),
        arguments("TRIM('\u00a0 x\u3000')", "x"),
        arguments("IS_INT('-12') AND NOT IS_INT('1.5') AND IS_BOOL('True') AND IS_BOOL(1)", true),
        arguments("INT('+7')", 7),
        arguments("CONCAT_WS('-', 'a', 1, TRUE)", "a-1-true"),
        arguments("MYEXT = 'x' AND Type = 'com.example.order.created'", true),
        arguments("myext IN ('y', 'x')", true));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("values")
  void shouldEvaluateWithoutErrorsWhenTheExpressionIsValid(String expression, Object expected)
      throws CesqlParseException {
    CesqlResult result = CesqlExpression.parse(expression).evaluate(EVENT);

    assertThat(result.errors()).isEmpty();
    assertThat(result.value()).isEqualTo(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        arguments("INT('\u0663')", 0, ErrorKind.CAST),
        arguments("INT('2147483648')", 0, ErrorKind.CAST),
        arguments("1 + 'one'", 1, ErrorKind.CAST),
        arguments("1 AND TRUE", false, ErrorKind.CAST),
        arguments("LENGTH(missing)", 0, ErrorKind.MISSING_ATTRIBUTE),
        arguments("UPPER(missing)", "", ErrorKind.MISSING_ATTRIBUTE),
        arguments("missing IN ('a')", false, ErrorKind.MISSING_ATTRIBUTE),
        arguments("'a' IN (missing, 'a')", false, ErrorKind.MISSING_ATTRIBUTE),
        arguments("1 IN ('x', 1)", true, ErrorKind.CAST),
        arguments("SUBSTRING('abc', 1, -1)", "", ErrorKind.FUNCTION_EVALUATION),
        arguments("NOPE(1)", false, ErrorKind.MISSING_FUNCTION));
  }

  @ParameterizedTest(name = "{0} -> {1}, {2}")
  @MethodSource("errors")
  void shouldReturnTheValueAndTheErrorWhenEvaluationFails(String expression, Object expected,
      ErrorKind error) throws CesqlParseException {
    CesqlResult result = CesqlExpression.parse(expression).evaluate(EVENT);

    assertThat(result.value()).isEqualTo(expected);
    assertThat(result.errors()).extracting(EvaluationError::kind).first().isEqualTo(error);
    assertThat(result.passes()).isFalse();
  }

  static Stream<Arguments> parseErrors() {
    return Stream.of(
        arguments("", 1, "expected a value but found end of expression"),
        arguments("type =", 7, "expected a value"),
        arguments("type LIKE 1", 11, "string literal pattern"),
        arguments("type LIKE", 10, "string literal pattern"),
        arguments("1 IN ()", 7, "expected a value"),
        arguments("1 IN 2", 6, "'(' after IN"),
        arguments("EXISTS 1", 8, "attribute name"),
        arguments("EXISTS AND", 8, "attribute name"),
        arguments("'abc", 1, "unterminated string"),
        arguments("a ! b", 3, "'!'"),
        arguments("a # b", 3, "unexpected character '#'"),
        arguments("2147483648", 1, "not a 32-bit integer"),
        arguments("type = 'a' extra", 12, "expected an operator"),
        arguments("my_ext = 'a'", 1, "not an attribute name"),
        arguments("a NOT b", 3, "expected an operator"),
        arguments("LEN2(a)", 1, "invalid function name"),
        arguments("AND", 1, "expected a value but found 'AND'"),
        arguments("(".repeat(100) + "1" + ")".repeat(100), 66, "nested too deeply"),
        arguments("1" + " + 1".repeat(600), 2051, "too deep"));
  }

  @ParameterizedTest(name = "{0} -> position {1}: {2}")
  @MethodSource("parseErrors")
  void shouldReportPositionAndReasonWhenParsingFails(String expression, int position,
      String reason) {
    CesqlParseException error = catchThrowableOfType(CesqlParseException.class,
        () -> CesqlExpression.parse(expression));

    assertThat(error).isNotNull();
    assertThat(error.reason()).contains(reason);
    assertThat(error.position()).isEqualTo(position);
    assertThat(error.getMessage()).isEqualTo("position " + position + ": " + error.reason());
  }

  @Test
  void shouldListUnknownFunctionsWhenParsing() throws CesqlParseException {
    CesqlExpression expression = CesqlExpression.parse("FOO(1) OR CONCAT_WS() = '' OR LOWER(a)");

    assertThat(expression.missingFunctions()).containsExactly("FOO/1", "CONCAT_WS/0");
  }

  @Test
  void shouldKeepExtensionTypesWhenTheyAreIntegerOrBoolean() throws CesqlParseException {
    CloudEvent event = CloudEventBuilder.v1(EVENT)
        .withExtension("count", 10).withExtension("flag", true).build();

    CesqlResult result = CesqlExpression.parse("count + 1 = 11 AND flag AND count = '10'")
        .evaluate(event);

    assertThat(result.errors()).isEmpty();
    assertThat(result.value()).isEqualTo(true);
  }

  @Test
  void shouldPassOnlyBooleanTrueWhenTestingAsAFilter() throws CesqlParseException {
    EventView view = new EventView(EVENT);

    CesqlExpression missing = CesqlExpression.parse("missing = 'x'");
    CesqlExpression bare = CesqlExpression.parse("myext");
    Boolean failing = missing.test(view);
    String failure = missing.failure(view).toString();
    Boolean passing = CesqlExpression.parse("myext = 'x'").test(view);
    Boolean notBoolean = bare.test(view);
    String notBooleanFailure = bare.failure(view).toString();

    assertThat(failing).isNull();
    assertThat(failure).isEqualTo("missingAttribute: missing attribute missing");
    assertThat(passing).isTrue();
    assertThat(notBoolean).isNull();
    assertThat(notBooleanFailure).isEqualTo("the result is not a Boolean");
  }
}
