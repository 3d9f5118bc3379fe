package dev.kafkaeventing.filter.internal.cesql;

import java.util.Arrays;
import java.util.List;

/** An invocation of a resolved function; arguments are cast to the parameter types (§3.7). */
final class FunctionNode extends Node {

  private final CesqlFunction function;
  private final Node[] arguments;

  FunctionNode(CesqlFunction function, List<Node> arguments) {
    super(arguments.toArray(Node[]::new));
    this.function = function;
    this.arguments = arguments.toArray(Node[]::new);
  }

  @Override
  CesqlType type() {
    return function.returns();
  }

  @Override
  Object eval(EvaluationContext context) {
    int mark = context.errorCount();
    Object[] values = new Object[arguments.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = arguments[i].eval(context);
    }
    if (context.failedSince(mark)) {
      return function.returns().zero();
    }
    for (int i = 0; i < values.length; i++) {
      values[i] = Casts.to(function.parameter(i), values[i], context);
    }
    return function.body().apply(values, context);
  }

  @Override
  public String toString() {
    return function.name() + Arrays.toString(arguments);
  }
}
