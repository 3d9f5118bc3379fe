package dev.kafkaeventing.filter.internal.cesql;

/**
 * A node of a parsed CESQL expression. Evaluation returns a Boolean, an Integer or a String (boxed,
 * but Booleans, small Integers, literals and attribute values are shared instances, so typical
 * filter expressions allocate nothing) and records errors in the context.
 *
 * <p>Error semantics (CESQL 1.0 §3.3 and the TCK): when an operand raised an error, an operator
 * yields the zero value of its return type without computing; a cast the operator itself performs
 * that fails raises a cast error and the operator computes with the cast's zero value.
 *
 * <p>Immutable and thread-safe.
 */
abstract class Node {

  private final int depth;

  Node(Node... children) {
    int deepest = 0;
    for (Node child : children) {
      deepest = Math.max(deepest, child.depth);
    }
    this.depth = deepest + 1;
  }

  /** The height of the tree under this node; bounded by the parser to bound evaluation's stack. */
  final int depth() {
    return depth;
  }

  /** The static type of the values this node yields ({@link CesqlType#ANY} if not known). */
  abstract CesqlType type();

  abstract Object eval(EvaluationContext context);
}
