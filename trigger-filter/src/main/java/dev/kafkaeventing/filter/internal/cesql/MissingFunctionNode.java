package dev.kafkaeventing.filter.internal.cesql;

/**
 * An invocation no function overload accepts: evaluates to {@code false} with a missing-function
 * error (CESQL 1.0 §3.5). Filters reject such expressions when compiling.
 */
final class MissingFunctionNode extends Node {

  private final String name;
  private final int arity;

  MissingFunctionNode(String name, int arity) {
    this.name = name;
    this.arity = arity;
  }

  String signature() {
    return name + "/" + arity;
  }

  @Override
  CesqlType type() {
    return CesqlType.BOOLEAN;
  }

  @Override
  Object eval(EvaluationContext context) {
    context.fail(ErrorKind.MISSING_FUNCTION, "no function ", signature());
    return Boolean.FALSE;
  }

  @Override
  public String toString() {
    return signature();
  }
}
