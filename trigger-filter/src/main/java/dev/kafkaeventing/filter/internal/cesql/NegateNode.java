package dev.kafkaeventing.filter.internal.cesql;

/** {@code -x: Integer -> Integer} (wraps around on overflow, as 32-bit arithmetic does). */
final class NegateNode extends Node {

  private final Node operand;

  NegateNode(Node operand) {
    super(operand);
    this.operand = operand;
  }

  @Override
  CesqlType type() {
    return CesqlType.INTEGER;
  }

  @Override
  Object eval(EvaluationContext context) {
    int mark = context.errorCount();
    Object value = operand.eval(context);
    if (context.failedSince(mark)) {
      return 0;
    }
    return -Casts.toInteger(value, context);
  }

  @Override
  public String toString() {
    return "(-" + operand + ")";
  }
}
