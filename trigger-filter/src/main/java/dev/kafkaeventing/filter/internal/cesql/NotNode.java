package dev.kafkaeventing.filter.internal.cesql;

/** {@code NOT x: Boolean -> Boolean}. */
final class NotNode extends Node {

  private final Node operand;

  NotNode(Node operand) {
    super(operand);
    this.operand = operand;
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
    return !Casts.toBoolean(value, false, context);
  }

  @Override
  public String toString() {
    return "(NOT " + operand + ")";
  }
}
