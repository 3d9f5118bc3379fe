package dev.kafkaeventing.filter.internal.cesql;

import java.util.List;
import java.util.Objects;

/**
 * A CESQL function overload: name, fixed parameter types, an optional variadic parameter type, the
 * return type and the implementation, which gets arguments already cast to the parameter types.
 */
record CesqlFunction(
    String name, List<CesqlType> parameters, CesqlType variadic, CesqlType returns, Body body) {

  /** The computation; may raise errors in the context but must still return a value (§3.5.3). */
  @FunctionalInterface
  interface Body {
    Object apply(Object[] arguments, EvaluationContext context);
  }

  CesqlFunction {
    Objects.requireNonNull(name, "name");
    parameters = List.copyOf(parameters);
    Objects.requireNonNull(returns, "returns");
    Objects.requireNonNull(body, "body");
  }

  boolean accepts(int arity) {
    return variadic == null ? arity == parameters.size() : arity >= parameters.size();
  }

  CesqlType parameter(int index) {
    return index < parameters.size() ? parameters.get(index) : variadic;
  }
}
