package dev.kafkaeventing.filter.internal.cesql;

/** A Boolean, Integer or String literal. */
final class LiteralNode extends Node {

  private final Object value;

  LiteralNode(Object value) {
    this.value = value;
  }

  Object value() {
    return value;
  }

  @Override
  CesqlType type() {
    return CesqlType.of(value);
  }

  @Override
  Object eval(EvaluationContext context) {
    return value;
  }

  @Override
  public String toString() {
    return Casts.describe(value);
  }
}
