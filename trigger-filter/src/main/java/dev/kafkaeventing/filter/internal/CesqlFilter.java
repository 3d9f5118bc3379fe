package dev.kafkaeventing.filter.internal;

import dev.kafkaeventing.filter.FilterErrors;
import dev.kafkaeventing.filter.internal.cesql.CesqlExpression;
import dev.kafkaeventing.filter.internal.cesql.CesqlParseException;
import dev.kafkaeventing.filter.internal.cesql.CesqlType;

/**
 * Subscriptions API {@code cesql}: a CESQL 1.0 expression parsed once. An event matches when the
 * expression yields {@code true} without errors; errors mean no match and are counted.
 *
 * <p>Immutable and thread-safe.
 */
public final class CesqlFilter extends CompiledFilter {

  private final CesqlExpression expression;
  private final FilterErrors errors;

  private CesqlFilter(CesqlExpression expression, FilterErrors errors) {
    this.errors = errors;
    this.expression = expression;
  }

  /**
   * Parses {@code source}; besides syntax errors, rejects expressions that call unknown functions
   * or cannot yield a Boolean, since they could never match.
   */
  public static CesqlFilter compile(String source, FilterErrors errors) throws CesqlParseException {
    CesqlExpression expression = CesqlExpression.parse(source);
    if (!expression.missingFunctions().isEmpty()) {
      throw new IllegalArgumentException(
          "unknown function(s) " + String.join(", ", expression.missingFunctions()));
    }
    CesqlType type = expression.resultType();
    if (type != CesqlType.BOOLEAN && type != CesqlType.ANY) {
      throw new IllegalArgumentException(
          "the expression yields " + type.name().toLowerCase(java.util.Locale.ROOT) + ", a filter needs a Boolean");
    }
    return new CesqlFilter(expression, errors);
  }

  @Override
  public boolean matches(EventView event) {
    Boolean result = expression.test(event);
    if (result == null) {
      EvaluationErrors.record(errors, event, "cesql", expression, expression.failure(event));
      return false;
    }
    return result;
  }

  @Override
  public String toString() {
    return "cesql(" + expression + ")";
  }
}
