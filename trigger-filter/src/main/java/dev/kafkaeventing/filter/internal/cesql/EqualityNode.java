package dev.kafkaeventing.filter.internal.cesql;

/**
 * {@code x = y}, {@code x != y}, {@code x <> y}. The operator is ambiguous (defined for the three
 * types), so the left operand is cast to the right operand's type (CESQL 1.0 §3.7); strings compare
 * case-sensitively.
 */
final class EqualityNode extends Node {

  private final boolean negated;
  private final Node left;
  private final Node right;

  EqualityNode(boolean negated, Node left, Node right) {
    super(left, right);
    this.negated = negated;
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
    boolean equal = Casts.to(CesqlType.of(rightValue), leftValue, context).equals(rightValue);
    return equal != negated;
  }

  @Override
  public String toString() {
    return "(" + left + (negated ? " != " : " = ") + right + ")";
  }
}
