package dev.kafkaeventing.filter.internal.cesql;

import java.util.Arrays;
import java.util.List;

/**
 * {@code x [NOT] IN (y1, y2, ...)}: whether x equals an element, each element cast to x's type
 * (CESQL 1.0 §3.4.5). Elements are evaluated in order until one equals; an element that cannot be
 * cast raises a cast error and does not match.
 */
final class InNode extends Node {

  private final boolean negated;
  private final Node operand;
  private final Node[] elements;

  InNode(boolean negated, Node operand, List<Node> elements) {
    super(concat(operand, elements));
    this.negated = negated;
    this.operand = operand;
    this.elements = elements.toArray(Node[]::new);
  }

  private static Node[] concat(Node operand, List<Node> elements) {
    Node[] all = new Node[elements.size() + 1];
    all[0] = operand;
    for (int i = 0; i < elements.size(); i++) {
      all[i + 1] = elements.get(i);
    }
    return all;
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
    CesqlType target = CesqlType.of(value);
    for (Node element : elements) {
      int elementMark = context.errorCount();
      Object candidate = element.eval(context);
      if (context.failedSince(elementMark)) {
        return Boolean.FALSE;
      }
      Object cast = Casts.to(target, candidate, context);
      if (!context.failedSince(elementMark) && value.equals(cast)) {
        return !negated;
      }
    }
    return negated;
  }

  @Override
  public String toString() {
    return "(" + operand + (negated ? " NOT IN " : " IN ") + Arrays.toString(elements) + ")";
  }
}
