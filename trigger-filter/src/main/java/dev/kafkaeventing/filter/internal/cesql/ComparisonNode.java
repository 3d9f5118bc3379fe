package dev.kafkaeventing.filter.internal.cesql;

/** {@code x (< <= > >=) y: Integer x Integer -> Boolean}. */
final class ComparisonNode extends Node {

  enum Operator {
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">=");

    final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }
  }

  private final Operator operator;
  private final Node left;
  private final Node right;

  ComparisonNode(Operator operator, Node left, Node right) {
    super(left, right);
    this.operator = operator;
    this.left = left;
    this.right = right;
  }

  @Override
  CesqlType type() {
    return CesqlType.BOOLEAN;
  }

  @Override
  Object eval(EvaluationContext context) {
    int mark = context.errorCount();
    Object leftValue = left.eval(context);
    Object rightValue = right.eval(context);
    if (context.failedSince(mark)) {
      return Boolean.FALSE;
    }
    int x = Casts.toInteger(leftValue, context);
    int y = Casts.toInteger(rightValue, context);
    return switch (operator) {
      case LESS -> x < y;
      case LESS_OR_EQUAL -> x <= y;
      case GREATER -> x > y;
      case GREATER_OR_EQUAL -> x >= y;
    };
  }

  @Override
  public String toString() {
    return "(" + left + " " + operator.symbol + " " + right + ")";
  }
}
