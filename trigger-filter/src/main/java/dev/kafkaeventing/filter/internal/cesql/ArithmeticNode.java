package dev.kafkaeventing.filter.internal.cesql;

/**
 * {@code x (* / % + -) y: Integer x Integer -> Integer}. Division and remainder truncate toward
 * zero; by zero they raise a math error and yield 0. Overflow wraps around (32-bit arithmetic).
 */
final class ArithmeticNode extends Node {

  enum Operator {
    MULTIPLY("*"),
    DIVIDE("/"),
    MODULO("%"),
    ADD("+"),
    SUBTRACT("-");

    final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }
  }

  private final Operator operator;
  private final Node left;
  private final Node right;

  ArithmeticNode(Operator operator, Node left, Node right) {
    super(left, right);
    this.operator = operator;
    this.left = left;
    this.right = right;
  }

  @Override
  CesqlType type() {
    return CesqlType.INTEGER;
  }

  @Override
  Object eval(EvaluationContext context) {
    int mark = context.errorCount();
    Object leftValue = left.eval(context);
    Object rightValue = right.eval(context);
    if (context.failedSince(mark)) {
      return 0;
    }
    int x = Casts.toInteger(leftValue, context);
    int y = Casts.toInteger(rightValue, context);
    switch (operator) {
      case MULTIPLY:
        return x * y;
      case ADD:
        return x + y;
      case SUBTRACT:
        return x - y;
      default:
        if (y == 0) {
          context.fail(ErrorKind.MATH, "division by zero: ", this);
          return 0;
        }
        return operator == Operator.DIVIDE ? x / y : x % y;
    }
  }

  @Override
  public String toString() {
    return "(" + left + " " + operator.symbol + " " + right + ")";
  }
}
