package dev.kafkaeventing.filter.internal.cesql;

/** {@code x [NOT] LIKE 'pattern': String x String -> Boolean}; x is cast to String. */
final class LikeNode extends Node {

  private final boolean negated;
  private final Node operand;
  private final LikePattern pattern;

  LikeNode(boolean negated, Node operand, LikePattern pattern) {
    super(operand);
    this.negated = negated;
    this.operand = operand;
    this.pattern = pattern;
  }

  @Override
  CesqlType type() {
    return CesqlType.BOOLEAN;
  }

  @Override
  Object eval(EvaluationContext context) {
    int mark = context.errorCount();
    Object value = operand.eval(context);
    if (context.failedSince(mark)) {
      return Boolean.FALSE;
    }
    return pattern.matches(Casts.toText(value)) != negated;
  }

  @Override
  public String toString() {
    return "(" + operand + (negated ? " NOT LIKE '" : " LIKE '") + pattern + "')";
  }
}
