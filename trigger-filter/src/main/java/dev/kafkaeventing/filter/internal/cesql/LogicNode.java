package dev.kafkaeventing.filter.internal.cesql;

/**
 * {@code x (AND OR XOR) y: Boolean x Boolean -> Boolean}. AND and OR short-circuit (CESQL 1.0
 * §3.4.2): the right operand is not evaluated when the left one decides.
 */
final class LogicNode extends Node {

  enum Operator {
    AND,
    OR,
    XOR
  }

  private final Operator operator;
  private final Node left;
  private final Node right;

  LogicNode(Operator operator, Node left, Node right) {
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
    if (context.failedSince(mark)) {
      return Boolean.FALSE;
    }
    boolean x = Casts.toBoolean(leftValue, false, context);
    if (operator == Operator.AND && !x) {
      return Boolean.FALSE;
    }
    if (operator == Operator.OR && x) {
      return Boolean.TRUE;
    }
    int rightMark = context.errorCount();
    Object rightValue = right.eval(context);
    if (context.failedSince(rightMark)) {
      return Boolean.FALSE;
    }
    boolean y = Casts.toBoolean(rightValue, false, context);
    return operator == Operator.XOR ? x != y : y;
  }

  @Override
  public String toString() {
    return "(" + left + " " + operator + " " + right + ")";
  }
}
